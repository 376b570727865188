#!/usr/bin/env bash
# Re-records the end-to-end conversation tests in tests/conversations/ from real runs of the
# trained model and action server. Read the printed conversations before committing: a
# recorded story is only a good test if the bot did the right thing.
# Needs: a trained model (make train) and the action server (.venv/bin/rasa run actions).
set -euo pipefail
cd "$(dirname "$0")/.."
D=tests/conversations
rec() { .venv/bin/python scripts/record_conversation.py "$@" 2>&1 | grep "│"; echo; }
rm -f $D/test_*.yml

rec $D/test_job_seeker.yml "job seeker in GGZ treatment with bijstand in Groningen gets IPS via the gemeente" \
  "hoi" "ik zoek werk" "structuur en collega's" "iets met mijn handen, in de techniek" "klussen en fietsen maken" \
  "ik ben handig en nauwkeurig" "in een klein team met vaste taken" "mijn behandelaar en mijn zus" "ja" "ja" "bijstand" "Groningen" "ja klopt"
rec $D/test_job_seeker.yml "job seeker without GGZ treatment gets UWV, huisarts and jobcoaching" \
  "ik ben werkzoekende" "geld en erbij horen" "sla over" "ik teken graag" "ik kan goed luisteren" "rustig, niet te veel prikkels" \
  "mijn vriendin" "nee" "ja" "ik heb een ww uitkering" "tilbrug" "klopt"
rec $D/test_job_seeker.yml "a question in the middle of the guide is answered, then the guide resumes" \
  "ik zoek werk" "dat ik weer meedoe" "en wat is een WSP precies?" "werk in de zorg" "hoe lang duurt ips?" "ik help graag mensen"
rec $D/test_job_seeker.yml "stop pauses the guide politely, verder resumes it" \
  "ik zoek werk" "erbij horen" "stop" "verder" "iets met dieren"
rec $D/test_job_seeker.yml "an answer is corrected after the summary" \
  "ik zoek een baan" "geld" "bouw" "voetbal" "ik kan hard werken" "buiten" "mijn vader" "nee" "ja" "geen uitkering" "Almere" \
  "nee" '/correct_answer{"item_number": "10"}' "Lelystad" "ja"
rec $D/test_job_seeker.yml "a guide answer is corrected after the summary, no routing question is asked again" \
  "ik zoek werk" "geld" "bouw" "voetbal" "ik kan hard werken" "buiten" "mijn vader" "ja" "ja" "wajong" "Zwolle" \
  "ik wil punt 2 aanpassen" "in de zorg" "ja"
rec $D/test_job_seeker.yml "fear of losing the benefit during the routing questions is answered, and counted in the referral" \
  "ik zoek werk" "sla over" "sla over" "sla over" "sla over" "sla over" "sla over" "ja" \
  "ik ben bang dat ik mijn uitkering kwijtraak als ik ga werken" "ja" "WIA" "Utrecht" "ja"
rec $D/test_job_seeker.yml "facts said up front are not asked again" \
  "ik woon in Tilburg en heb een wajong uitkering" "ik zoek werk" "sla over" "sla over" "sla over" "sla over" "sla over" "sla over" "ja" "ja" "ja"

rec $D/test_employer.yml "employer in Eindhoven who wants to hire gets the WSP of Zuidoost-Brabant" \
  "ik ben werkgever in Eindhoven en wil iemand met een psychische kwetsbaarheid aannemen"
rec $D/test_employer.yml "employer who wants to hire names the gemeente when asked" \
  "hallo" "ik ben werkgever" "iemand aannemen" "den bosch"
rec $D/test_employer.yml "employer in Nijmegen who wants to learn from peers gets De Normaalste Zaak" \
  "ik heb een bedrijf in Nijmegen en wil leren van andere werkgevers"
rec $D/test_employer.yml "employer with an employee who has complaints gets bedrijfsarts and HAN handreiking" \
  "hoi" "ik ben werkgever" "mijn medewerker heeft een burn-out, hoe houd ik hem aan het werk"

rec $D/test_professional.yml "professional runs the intake with a client who consents" \
  "ik ben klantmanager bij de gemeente" "ja" "zijn dag structuur geven" "iets in het groen" "buiten zijn en tuinieren" \
  "hij is sterk en betrouwbaar" "met een vaste collega erbij" "zijn moeder en de fact-begeleider" "ja" "weet ik niet" "wajong" "Enschede" "ja"
rec $D/test_professional.yml "without the client's consent there is no intake" \
  "ik ben jobcoach" "nee"

rec $D/test_crisis.yml "crisis in the middle of the guide: the numbers at once, a check-in, no questions pushed" \
  "ik zoek werk" "structuur" "ik zie het niet meer zitten, ik wil dood" "grapje" "verder" "werk in de zorg"
rec $D/test_crisis.yml "crisis as the first message, not safe: urgent help" \
  "ik wil er een eind aan maken" "nee"

rec $D/test_anytime.yml "not understood twice: rephrase, then the main options" "hoi" "qwxzv blorp" "flurbo grentak zzz"
rec $D/test_anytime.yml "asking for a human gets an honest answer and where to find one" "ik wil een mens spreken"
rec $D/test_anytime.yml "English input gets a reply in both languages" "hello, do you speak english?"
rec $D/test_anytime.yml "a question outside any flow, then thanks and goodbye" "wat is de normaalste zaak" "dank je" "doei"
