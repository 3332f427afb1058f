#!/usr/bin/env bash
# Runs `evaluate` on every labelled dataset in ../shared/datasets (train on train.csv, report on dev.csv,
# plus the starter models alone on youtube_spam), prints the figures next to the targets, and fails when a
# figure misses its target or falls below its floor (where a floor is above the target: the quality measured
# when the floor was set, minus noise, so a regression that still meets the target is caught too).
# Usage: deploy/quality/evaluate-all.sh [DATASETS_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data="${1:-$root/../shared/datasets}"
jar="$root/moderation-service/target/moderation-service.jar"
if [[ ! -d "$data" ]]; then
  echo "No datasets at $data: quality evaluation skipped"
  exit 0
fi
if [[ ! -f "$jar" ]]; then
  (cd "$root" && mvn -B -q -pl moderation-service -am package -DskipTests)
fi
failed=0
printf '%-34s %8s %8s   %-22s %-22s\n' "run" "F1" "AUC" "target F1 / AUC" "floor F1 / AUC"
# name | category | train | test | target f1 | target auc | floor f1 | floor auc
while IFS='|' read -r name category train test tf1 tauc ff1 fauc; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  args=(evaluate --category "$category" --test "$data/$test")
  [[ -n "$train" ]] && args+=(--train "$data/$train")
  json="$(java -jar "$jar" "${args[@]}" | tail -n 1)"
  f1="$(sed -E 's/.*"f1":([0-9.]+).*/\1/' <<<"$json")"
  auc="$(sed -E 's/.*"auc":([0-9.]+).*/\1/' <<<"$json")"
  verdict="$(awk -v f="$f1" -v a="$auc" -v tf="$tf1" -v ta="$tauc" -v ff="$ff1" -v fa="$fauc" 'BEGIN {
      if (f < ff || a < fa) print "BELOW FLOOR";
      else if (f >= tf && a >= ta) print "target met";
      else print "target missed";
    }')"
  printf '%-34s %8s %8s   %-22s %-22s %s\n' "$name" "$f1" "$auc" "$tf1 / $tauc" "$ff1 / $fauc" "$verdict"
  echo "  $json"
  [[ "$verdict" != "target met" ]] && failed=1
done <<'RUNS'
youtube_spam (trained)|spam|youtube_spam/train.csv|youtube_spam/dev.csv|0.96|0.99|0.955|0.990
sms_spam (trained)|spam|sms_spam/train.csv|sms_spam/dev.csv|0.96|0.99|0.948|0.990
davidson_hate_offensive (trained)|toxicity|davidson_hate_offensive/train.csv|davidson_hate_offensive/dev.csv|0.97|0.985|0.965|0.983
youtube_spam (starter models only)|spam||youtube_spam/dev.csv|0.85|0.93|0.880|0.945
RUNS
if [[ $failed -ne 0 ]]; then
  echo "Scoring quality missed a target or fell below a floor"
  exit 1
fi
