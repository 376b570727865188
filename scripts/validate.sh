#!/usr/bin/env bash
# `rasa data validate`, failing on any error or warning except: "response not used in a story
# or rule" (action_dialogue sends them all, which Rasa can't see); the duplicate "faq" intent
# (Rasa adds retrieval intents from the NLU data to the domain that already declares them;
# leaving it out of the domain is an error instead); and the intents that never come from the
# classifier: `crisis` (set by the crisis detector) and the button-only `choose`, `ask_faq`,
# `skip` and `role_relative`.
set -uo pipefail
cd "$(dirname "$0")/.."
out=$(.venv/bin/rasa data validate --domain domain 2>&1); code=$?
problems=$(grep -E "UserWarning|ERROR|conflict" <<<"$out" | grep -v -E "is not used in any story or rule|The intent '(crisis|choose|ask_faq|skip|role_relative)' is listed in the domain file, but is not found in the NLU training data|duplicated intents have been found across multiple domain files: faq$|No story structure conflicts|Considering all preceding turns")
if [ $code -ne 0 ] || [ -n "$problems" ]; then
  echo "$out" | tail -n 40; echo "rasa data validate: problems found:"; echo "$problems"; exit 1
fi
echo "rasa data validate: no errors, no conflicts."
