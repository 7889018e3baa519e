#!/usr/bin/env bash
# Rebuild the page images of docs/report.md: every page of the commune report, the province
# consolidation and the commune's Biểu, rendered by LibreOffice and poppler (Debian packages
# libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-liberation2).
# Run from the repository: bash docs/images/make_images.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
budgetkit=${BUDGETKIT:-budgetkit}
$budgetkit report examples/chieng-mung.yaml -o "$work/bao-cao-xa.docx"
$budgetkit report examples/son-la --unit examples/so-khcn-son-la.yaml --roster examples/son-la-danh-sach.yaml -o "$work/tong-hop-tinh.docx"
$budgetkit report examples/chieng-mung.yaml -o "$work/bieu-xa.xlsx"
soffice "-env:UserInstallation=file://$work/profile" --headless --convert-to pdf --outdir "$work" \
  "$work/bao-cao-xa.docx" "$work/tong-hop-tinh.docx" "$work/bieu-xa.xlsx" >/dev/null
rm -f docs/images/bao-cao-*.png docs/images/tong-hop-tinh-*.png docs/images/bieu-xa-*.png
for name in bao-cao-xa tong-hop-tinh bieu-xa; do
  pdftoppm -png -gray -r 100 "$work/$name.pdf" "docs/images/$name"
done
ls docs/images
