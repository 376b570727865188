#!/usr/bin/env bash
# `rasa data validate`, failing on any error or warning except "response not used in a
# story or rule" (responses sent by forms and custom actions are used, but Rasa can't see
# it) and the duplicate "faq" intent (Rasa adds retrieval intents from the NLU data to the
# domain that already declares them; leaving it out of the domain is an error instead).
set -uo pipefail
cd "$(dirname "$0")/.."
out=$(.venv/bin/rasa data validate --domain domain 2>&1); code=$?
problems=$(grep -E "UserWarning|ERROR|conflict" <<<"$out" | grep -v -E "is not used in any story or rule|duplicated intents have been found across multiple domain files: faq$|No story structure conflicts|Considering all preceding turns")
if [ $code -ne 0 ] || [ -n "$problems" ]; then
  echo "$out" | tail -n 40; echo "rasa data validate: problems found:"; echo "$problems"; exit 1
fi
echo "rasa data validate: no errors, no conflicts."
