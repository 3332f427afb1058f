package io.sherpa.moderation;

import io.sherpa.moderation.evaluation.Evaluation;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ModerationApplication {

    /** Runs the service, or with {@code evaluate …} the quality evaluation (no service started). */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("evaluate")) {
            System.exit(Evaluation.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        SpringApplication.run(ModerationApplication.class, args);
    }
}
