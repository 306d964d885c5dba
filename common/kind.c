/* What each kind of group upload accepts (include/kind.h).  Images and
 * voice take a list of types; a file takes anything but what a computer
 * would run: executables and scripts (by their first bytes as well as by
 * libmagic's verdict) and what a browser would run or render as active
 * content (HTML, XHTML, SVG, XML carrying scripts or style sheets).
 * Files are also served with nosniff, a sandboxing CSP and as
 * attachments; refusing these types is the second line. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cfg.h"
#include "kind.h"
#include "status.h"
#include "upload.h"

static const char *const names[KIND__MAX] = {
	[KIND_IMAGE] = "image", [KIND_EXPRESSION] = "expression",
	[KIND_FILE] = "file", [KIND_VOICE] = "voice",
};

/* Extensions of stored names, by type; "bin" for the rest. */
static const char *const exts[][2] = {
	{ "image/png", "png" }, { "image/jpeg", "jpg" },
	{ "image/gif", "gif" }, { "image/webp", "webp" },
	{ "audio/ogg", "ogg" }, { "audio/mpeg", "mp3" },
	{ "audio/x-wav", "wav" }, { "audio/wav", "wav" },
	{ "audio/aac", "aac" }, { "audio/x-hx-aac-adts", "aac" },
	{ "audio/webm", "webm" }, { "audio/x-m4a", "m4a" },
	{ "audio/mp4", "m4a" }, { "audio/flac", "flac" },
	{ "application/pdf", "pdf" }, { "text/plain", "txt" },
	{ "application/zip", "zip" },
};

/* Types a file may not be: executables, scripts a system runs by
 * themselves, and browser content. */
static const char *const refused[] = {
	"application/x-executable", "application/x-pie-executable",
	"application/x-sharedlib", "application/x-object",
	"application/x-mach-binary", "application/x-dosexec",
	"application/vnd.microsoft.portable-executable",
	"application/x-msdownload", "application/x-ms-ne-executable",
	"application/x-msi", "application/x-ms-shortcut",
	"application/x-java-applet", "application/wasm",
	"application/x-shockwave-flash", "application/hta",
	"text/x-shellscript", "text/x-msdos-batch", "application/x-bat",
	"text/html", "application/xhtml+xml", "image/svg+xml",
	"text/javascript", "application/javascript",
	"application/x-javascript", "application/ecmascript",
	"text/ecmascript", "text/vbscript",
};

/* First bytes of executables whatever libmagic makes of the rest:
 * ELF, PE/DOS, Mach-O (both byte orders, 32 and 64 bits), fat Mach-O
 * and Java classes, WebAssembly, and the #! of a script. */
static const struct {
	const char	*magic;
	size_t		 len;
} signatures[] = {
	{ "\177ELF", 4 }, { "MZ", 2 },
	{ "\xfe\xed\xfa\xce", 4 }, { "\xfe\xed\xfa\xcf", 4 },
	{ "\xce\xfa\xed\xfe", 4 }, { "\xcf\xfa\xed\xfe", 4 },
	{ "\xca\xfe\xba\xbe", 4 }, { "\0asm", 4 }, { "#!", 2 },
};

/* What makes XML active in a browser: scripts, event handlers' URLs,
 * the XHTML and SVG vocabularies, style sheets (XSLT writes HTML). */
static const char *const xml_active[] = {
	"<script", "javascript:", "http://www.w3.org/1999/xhtml",
	"http://www.w3.org/2000/svg", "<?xml-stylesheet", "<!entity",
};

/* Tags that make a browser sniff text as HTML when they open it (the
 * WHATWG MIME sniffing standard), after leading white space. */
static const char *const html_openers[] = {
	"<!doctype html", "<html", "<head", "<script", "<iframe", "<h1",
	"<div", "<font", "<table", "<a", "<style", "<title", "<b", "<body",
	"<br", "<p", "<!--", "<svg",
};

int
kind_parse(const char *s, enum kind *k)
{
	int i;

	for (i = 0; i < KIND__MAX; i++)
		if (strcmp(s, names[i]) == 0) {
			*k = i;
			return 0;
		}
	return -1;
}

const char *
kind_name(enum kind k)
{
	return (unsigned)k < KIND__MAX ? names[k] : "file";
}

size_t
kind_max(const struct cfg *c, enum kind k)
{
	switch (k) {
	case KIND_IMAGE:
	case KIND_EXPRESSION:
		return c->max_image;
	case KIND_VOICE:
		return c->max_voice;
	default:
		return c->max_file;
	}
}

size_t
kind_max_any(const struct cfg *c)
{
	size_t m = c->max_image;

	if (c->max_voice > m)
		m = c->max_voice;
	return c->max_file > m ? c->max_file : m;
}

static const char *
ext_of(const char *mime)
{
	size_t i;

	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		if (strcmp(mime, exts[i][0]) == 0)
			return exts[i][1];
	return "bin";
}

static int
listed(const char *mime, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(mime, list[i]) == 0)
			return 1;
	return 0;
}

/* XML by its type: text/xml, application/xml, application/...+xml. */
static int
is_xml(const char *mime)
{
	size_t n = strlen(mime);

	return strcmp(mime, "text/xml") == 0 ||
	    strcmp(mime, "application/xml") == 0 ||
	    (n > 4 && strcmp(mime + n - 4, "+xml") == 0);
}

/* 1 if head (n bytes) opens with a tag that makes a browser take it for
 * HTML: the tag's name then white space or '>'. */
static int
html_opener(const char *head, size_t n)
{
	size_t	i, k, l;

	for (i = 0; i < n && strchr(" \t\n\f\r", head[i]) != NULL; i++)
		;
	for (k = 0; k < sizeof(html_openers) / sizeof(html_openers[0]);
	    k++) {
		l = strlen(html_openers[k]);
		if (n - i > l && strncasecmp(head + i, html_openers[k], l) ==
		    0 && (strchr(" \t\n\f\r>", head[i + l]) != NULL ||
		    strcmp(html_openers[k], "<!--") == 0))
			return 1;
	}
	return 0;
}

/* The refusals of kind file: ST_OK, ST_MEDIA_TYPE or ST_INTERNAL. */
static int
file_ok(const struct upload_spool *s, const char *mime, const char **why)
{
	char	head[512];
	ssize_t	n;
	size_t	i;
	int	rc;

	if ((n = upload_spool_head(s, head, sizeof(head))) < 0)
		return ST_INTERNAL;
	for (i = 0; i < sizeof(signatures) / sizeof(signatures[0]); i++)
		if ((size_t)n >= signatures[i].len &&
		    memcmp(head, signatures[i].magic, signatures[i].len) == 0) {
			*why = "executables and scripts are refused";
			return ST_MEDIA_TYPE;
		}
	if (listed(mime, refused, sizeof(refused) / sizeof(refused[0]))) {
		*why = strncmp(mime, "text/x-", 7) == 0 ||
		    strstr(mime, "exec") != NULL ?
		    "executables and scripts are refused" :
		    "content a browser would run is refused";
		return ST_MEDIA_TYPE;
	}
	if (strncmp(mime, "text/", 5) == 0 && !is_xml(mime) &&
	    html_opener(head, (size_t)n)) {
		*why = "content a browser would run is refused";
		return ST_MEDIA_TYPE;
	}
	if (!is_xml(mime))
		return ST_OK;
	if ((rc = upload_spool_grep(s, xml_active, sizeof(xml_active) /
	    sizeof(xml_active[0]))) < 0)
		return ST_INTERNAL;
	if (rc == 1) {
		*why = "XML with scripts or style sheets is refused";
		return ST_MEDIA_TYPE;
	}
	return ST_OK;
}

/* Audio, by libmagic's type; containers it cannot tell from video are
 * audio here (a voice message), and served as such. */
static int
voice_ok(char *mime, size_t mimesz)
{
	if (strncmp(mime, "audio/", 6) == 0)
		return 1;
	if (strcmp(mime, "video/webm") == 0)
		return snprintf(mime, mimesz, "audio/webm") > 0;
	if (strcmp(mime, "application/ogg") == 0)
		return snprintf(mime, mimesz, "audio/ogg") > 0;
	return 0;
}

int
kind_check(enum kind k, const struct upload_spool *s, char *mime,
    size_t mimesz, const char **ext, const char **why)
{
	int rc;

	switch (k) {
	case KIND_IMAGE:
	case KIND_EXPRESSION:
		*why = "PNG, JPEG, GIF or WebP only";
		return upload_is_image(mime, ext) ? ST_OK : ST_MEDIA_TYPE;
	case KIND_VOICE:
		*why = "audio only (Ogg, MP3, WAV, AAC, WebM, M4A...)";
		if (!voice_ok(mime, mimesz))
			return ST_MEDIA_TYPE;
		break;
	default:
		if ((rc = file_ok(s, mime, why)) != ST_OK)
			return rc;
		break;
	}
	*ext = ext_of(mime);
	return ST_OK;
}
