# Files of every type the upload tests need, built from nothing but
# printf, base64 and head: fx_make DIR writes them into DIR.  Images and
# audio are real enough for libmagic and for a browser's decoder (the
# Ogg page's CRC excepted: nothing here checks it).
fx_make() {
	_d=$1
	mkdir -p "$_d"
	# 1x1 PNG, 1x1 GIF, 1x1 WebP, a JPEG's markers
	printf '%s' 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==' |
	    base64 -d > "$_d/a.png"
	printf '%s' 'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7' |
	    base64 -d > "$_d/a.gif"
	printf '%s' 'UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==' |
	    base64 -d > "$_d/a.webp"
	# WAV: 16-bit mono PCM at 8 kHz, half a second of noise
	{ printf 'RIFF\044\037\000\000WAVEfmt \020\000\000\000\001\000\001\000'
	  printf '\100\037\000\000\200\076\000\000\002\000\020\000'
	  printf 'data\000\037\000\000'
	  head -c 7936 /dev/urandom; } > "$_d/a.wav"
	# Ogg: the first page of an Opus stream (OpusHead), then data
	{ printf 'OggS\000\002\000\000\000\000\000\000\000\000\001\000\000\000'
	  printf '\000\000\000\000\000\000\000\000\001\023'
	  printf 'OpusHead\001\001\000\000\200\273\000\000\000\000\000'
	  head -c 2000 /dev/urandom; } > "$_d/a.ogg"
	# MP3: an MPEG-1 layer III frame header and its bytes
	{ printf '\377\373\220\104'; head -c 413 /dev/zero; } > "$_d/a.mp3"
	printf '%%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n' \
	    > "$_d/a.pdf"
	printf 'hello, this is a plain text file\nwith two lines\n' > "$_d/a.txt"
	printf '<!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>\n' \
	    > "$_d/a.html"
	printf '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>\n' \
	    > "$_d/a.svg"
	printf '<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body><script>alert(1)</script></body></html>\n' \
	    > "$_d/a.xhtml"
	printf '<?xml version="1.0"?>\n<note><to>Tove</to><body>Remember</body></note>\n' \
	    > "$_d/a.xml"
	printf '#!/bin/sh\necho pwned\n' > "$_d/a.sh"
	printf '#!/usr/bin/env frobnicate\nrun everything\n' > "$_d/b.sh"
	cp /bin/true "$_d/a.elf"
	printf 'MZ\220\000\003\000\000\000\004\000\000\000\377\377\000\000' \
	    > "$_d/a.exe"
	# a polyglot: a valid GIF that is HTML further on
	{ cat "$_d/a.gif"; printf '<html><script>alert(1)</script></html>'; } \
	    > "$_d/poly.gif"
	: > "$_d/empty"
}
