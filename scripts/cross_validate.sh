#!/usr/bin/env bash
# make eval-spacy: 5-fold cross-validation of the NLU (intents, entities, FAQ response selection) for the
# bot's pipeline and for the same pipeline without spaCy. Reports go to results/cv_*/.
# Takes about 25 minutes per configuration on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p results
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
for config in config.yml eval/config_without_spacy.yml; do
  name=$(basename "$config" .yml)
  .venv/bin/rasa test nlu --nlu data/nlu --config "$config" --cross-validation --folds 5 \
    --domain domain --out "results/cv_$name" > "results/cv_$name.log" 2>&1 &
done
wait
.venv/bin/python scripts/cv_summary.py results/cv_config results/cv_config_without_spacy
