#!/usr/bin/env bash
# Render an exported report to PDF and one PNG per page, so anyone can look at the layout without Word.
#
#   scripts/render.sh FILE.docx [OUTDIR] [DPI]
#
# Writes OUTDIR/FILE.pdf and OUTDIR/FILE-1.png, FILE-2.png … (OUTDIR defaults to FILE's folder, DPI to 80).
# Needs the Debian packages libreoffice-writer-nogui and poppler-utils; fonts-noto-cjk and fonts-arphic-ukai
# stand in for the official faces (see scripts/fonts.conf), which are not free and so are never installed here.
set -euo pipefail

if [[ $# -lt 1 || ! -f "$1" ]]; then
    echo "用法：scripts/render.sh FILE.docx [输出目录] [DPI]" >&2
    exit 2
fi
for tool in soffice pdftoppm; do
    if ! command -v "$tool" >/dev/null; then
        echo "错误：找不到 $tool，请安装 libreoffice-writer-nogui 和 poppler-utils" >&2
        exit 2
    fi
done

docx="$1"
outdir="${2:-$(dirname "$docx")}"
dpi="${3:-80}"
name="$(basename "${docx%.*}")"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$outdir"

# A private LibreOffice profile: a running LibreOffice of the user's would otherwise take the job over.
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT

FONTCONFIG_FILE="$here/fonts.conf" soffice --headless --norestore \
    "-env:UserInstallation=file://$profile" \
    --convert-to pdf --outdir "$outdir" "$docx" >/dev/null
rm -f "$outdir/$name"-*.png
pdftoppm -r "$dpi" -png "$outdir/$name.pdf" "$outdir/$name"
echo "$outdir/$name.pdf"
ls "$outdir/$name"-*.png
