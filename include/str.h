/* String helpers with no dependencies: strict integers, UTF-8 checks and
 * the shape of our tokens. */
#ifndef ACCOUNTS_STR_H
#define ACCOUNTS_STR_H

#include <stddef.h>
#include <stdint.h>

/* Strict decimal: optional '-', digits, no spaces or junk, in [lo, hi].
 * 0 on success, -1 otherwise. */
int	parse_int(const char *s, int64_t lo, int64_t hi, int64_t *out);

/* Valid UTF-8 without NUL or C0/C1 controls (newline, CR and tab only
 * when multiline).  Rejects overlongs, surrogates and code points beyond
 * U+10FFFF. */
int	utf8_valid(const char *s, size_t len, int multiline);

/* Code points in a valid UTF-8 string of n bytes. */
size_t	utf8_len(const char *s, size_t n);

/* 1 if s has the shape of one of our tokens: exactly len base64url
 * characters.  No hashing: validators use it. */
int	token_shape(const char *s, size_t len);

/* Copies s into buf (max + 1 bytes), cut to at most max bytes but not
 * inside a UTF-8 sequence. */
void	utf8_cut(const char *s, size_t max, char *buf);

/* Times in UTC, without libc's time zone code (which reads
 * /etc/localtime on first use).  iso8601: 2026-11-21T09:30:00Z into buf
 * (at least 21 bytes); http_date: Sat, 21 Nov 2026 09:30:00 GMT (at
 * least 30 bytes). */
void	iso8601(int64_t t, char *buf);
void	http_date(int64_t t, char *buf);

/* The inverse of iso8601: exactly YYYY-MM-DDTHH:MM:SSZ, a real date in
 * 1970..9999, into seconds.  0 on success, -1 otherwise. */
int	parse_iso8601(const char *s, int64_t *out);

#endif
