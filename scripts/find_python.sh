#!/usr/bin/env bash
# Prints the path of a Python that Rasa 3.6 runs on (3.10, else 3.9 or 3.8).
# pyenv installs are not always on PATH, so its versions folder is searched too.
for name in python3.10 python3.9 python3.8; do
  if p=$(command -v "$name" 2>/dev/null) && "$p" -c 'import sys' >/dev/null 2>&1; then
    echo "$p"; exit 0
  fi
done
roots=()
command -v pyenv >/dev/null 2>&1 && roots+=("$(pyenv root)")
roots+=("${PYENV_ROOT:-$HOME/.pyenv}")
for root in "${roots[@]}"; do
  for minor in 10 9 8; do
    for p in "$root"/versions/3."$minor"*/bin/python3."$minor"; do
      [ -x "$p" ] && { echo "$p"; exit 0; }
    done
  done
done
cat >&2 <<'MSG'
Python 3.10 was not found. Rasa 3.6 runs only on Python 3.8 to 3.10.
Install it, for example with pyenv:   pyenv install 3.10.13
or with your package manager (Debian/Ubuntu: apt-get install python3.10 python3.10-venv),
then run this command again.
MSG
exit 1
