package io.sherpa.moderation.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinksTest {

    @Test
    void findsLinksWithAndWithoutASchemeWithTheirSpans() {
        String text =
                "Deals at https://shop.example/x and cheap-pills.com/buy now, or www.spam.net! Also Best-Deals.CO.UK.";
        List<Links.Link> links = Links.find(text);
        assertThat(links)
                .extracting(Links.Link::domain)
                .containsExactly("shop.example", "cheap-pills.com", "spam.net", "best-deals.co.uk");
        Links.Link bare = links.get(1);
        assertThat(text.substring(bare.start(), bare.end())).isEqualTo("cheap-pills.com/buy");
        assertThat(text.substring(links.get(3).start(), links.get(3).end())).isEqualTo("Best-Deals.CO.UK");
    }

    @Test
    void leavesEMailAddressesFileNamesAndRunOnSentencesAlone() {
        for (String text : List.of(
                "write to mike@blog4business.com",
                "open report.pdf and notes.txt",
                "see you tomorrow.call me at noon",
                "node.js and vue.js are fine",
                "it was 3.5 stars",
                "e.g. this, i.e. that",
                "come.in and sit",
                ".com alone",
                "a.com is too short")) {
            assertThat(Links.find(text)).as(text).isEmpty();
        }
    }

    @Test
    void findsDomainsWrittenApartToGetPastFilters() {
        String text = "only used pimpmyviews. com and my page tvcmcadavid.weebly . com, vote at tv.  mtvema. com/vote "
                + "or watch www.youtube. com/watch?v=TQ046 (delete spaces)";
        List<Links.Link> links = Links.find(text);
        assertThat(links)
                .extracting(Links.Link::domain)
                .containsExactly("pimpmyviews.com", "tvcmcadavid.weebly.com", "tv.mtvema.com", "youtube.com");
        assertThat(links)
                .extracting(l -> text.substring(l.start(), l.end()))
                .containsExactly(
                        "pimpmyviews. com",
                        "tvcmcadavid.weebly . com",
                        "tv.  mtvema. com/vote",
                        "www.youtube. com/watch?v=TQ046");
        // a link found in part first ("https://sites.google") and completed later keeps its place in the order
        assertThat(Links.find("see https://sites.google. com/x or https://bit.ly/y"))
                .extracting(Links.Link::domain)
                .containsExactly("sites.google.com", "bit.ly");
        for (String prose : List.of(
                "That was the end. Net income rose anyway.",
                "We met at the gym. Com-pletely by chance",
                "I said no . commit it later",
                "a. com is too short",
                "sites ending in .com are everywhere")) {
            assertThat(Links.find(prose)).as(prose).isEmpty();
        }
    }

    @Test
    void aBareDomainIsNotCountedTwiceInsideALinkWithAScheme() {
        assertThat(Links.find("go to http://deals.com/x today")).hasSize(1);
        assertThat(Links.find("www.deals.com")).extracting(Links.Link::domain).containsExactly("deals.com");
    }
}
