#!/usr/bin/env bash
# Runs every `gdsweep reproduce` preset at full resolution (its defaults) and rebuilds docs/gallery.md with each
# preset's figure (docs/gallery/NAME.png, scaled to at most 900 pixels and reduced to 256 colours with ImageMagick's
# convert, so the committed examples stay small) and its table of paper against gdsweep, wall time and machine.
# lm-relu-sweep runs on the digits data (scripts/make-digits-data.sh), the rest on built-in problems.
# A maintainer's tool, not part of the test suite: about 10 minutes on a 2-core machine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# a real ImageMagick (some machines put a stand-in named convert first on PATH)
IM=""
for c in magick /usr/bin/convert convert; do
  if command -v "$c" >/dev/null && "$c" -version 2>/dev/null | grep -q "^Version: ImageMagick"; then IM=$c; break; fi
done
[ -n "$IM" ] || { echo "make-gallery: needs ImageMagick (apt-get install imagemagick)"; exit 2; }
OUT=target/gallery
rm -rf "$OUT"
mkdir -p "$OUT" docs/gallery
[ -s target/digits.h5 ] || scripts/make-digits-data.sh target/digits.h5
declare -A EXTRA=([lm-relu-sweep]="--set data=$ROOT/target/digits.h5")
names=$(./gdsweep reproduce --list | grep -v '^ ' | awk '{print $1}')
MD=$OUT/gallery.md
{
  echo "# Gallery: every \`gdsweep reproduce\` preset"
  echo
  echo "Each figure below is what \`./gdsweep reproduce NAME\` draws at its default (full) resolution, scaled down to"
  echo "at most 900 pixels for this page; the tables are what the command printed: the paper's statement or"
  echo "theory's closed form beside gdsweep's number. Made by \`scripts/make-gallery.sh\` on $(date -u +%Y-%m-%d),"
  echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(./gdsweep --version | tr '\n' ' ')."
  echo "Settings a paper leaves open are the presets' defaults (\`./gdsweep reproduce --list\`)."
} > "$MD"
for n in $names; do
  start=$SECONDS
  # shellcheck disable=SC2086
  ./gdsweep reproduce "$n" -o "$OUT/$n" ${EXTRA[$n]:-} > "$OUT/$n.txt"
  took=$((SECONDS - start))
  "$IM" "$OUT/$n/$n.png" -resize '900x900>' -strip -colors 256 "PNG8:docs/gallery/$n.png"
  {
    echo
    echo "## $n"
    echo
    sed -n 1p "$OUT/$n.txt" | sed 's/^reproduce [^:]*: //'
    echo
    echo "\`./gdsweep reproduce $n${EXTRA[$n]:+ ${EXTRA[$n]/$ROOT\//}}\` — ${took} s whole process; settings: $(sed -n 2p "$OUT/$n.txt" | sed 's/^settings: //')"
    echo
    echo "![$n](gallery/$n.png)"
    echo
    echo '```'
    sed -n '/^quantity /,/^wall /p' "$OUT/$n.txt" | grep -v '^wall '
    echo '```'
  } >> "$MD"
  echo "make-gallery: $n took $took s"
done
cp "$MD" docs/gallery.md
du -sh docs/gallery
