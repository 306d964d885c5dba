/* Dependency-free string helpers (include/str.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "str.h"

static const char b64url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int
parse_int(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
	char		*end;
	long long	 v;

	if (*s == '\0' || !(*s == '-' || (*s >= '0' && *s <= '9')))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

int
utf8_valid(const char *str, size_t len, int multiline)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 i = 0, n, k;
	uint32_t		 c, min;

	while (i < len) {
		c = s[i];
		if (c < 0x80) {
			if ((c < 0x20 && !(multiline &&
			    (c == '\n' || c == '\t' || c == '\r'))) ||
			    c == 0x7f)
				return 0;
			i++;
			continue;
		}
		if ((c & 0xe0) == 0xc0) {
			n = 1, c &= 0x1f, min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			n = 2, c &= 0x0f, min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			n = 3, c &= 0x07, min = 0x10000;
		} else
			return 0;
		if (i + n >= len)
			return 0;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			c = c << 6 | (s[i + k] & 0x3f);
		}
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff) ||
		    (c >= 0x80 && c < 0xa0))
			return 0;
		i += n + 1;
	}
	return 1;
}

size_t
utf8_len(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	return c;
}

void
utf8_cut(const char *s, size_t max, char *buf)
{
	size_t n = strlen(s);

	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
}

int
token_shape(const char *s, size_t len)
{
	return strlen(s) == len && strspn(s, b64url) == len;
}

/* UTC needs no time zone: not gmtime_r or strftime, which make glibc read
 * /etc/localtime on every request.  Civil date from days since the
 * epoch, after H. Hinnant's days_from_civil inverse. */
struct civil {
	int	y, m, d, hh, mm, ss, wday;	/* wday 0 = Sunday */
};

static void
civil(int64_t t, struct civil *c)
{
	int64_t	days, rem, era, doe, yoe, doy, mp, y, m, d;

	if (t < 0 || t > INT64_C(253402300799))	/* 9999-12-31T23:59:59Z */
		t = 0;
	days = t / 86400;
	rem = t % 86400;
	c->wday = (int)((days + 4) % 7);	/* 1970-01-01 was a Thursday */
	days += 719468;
	era = days / 146097;
	doe = days - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y = yoe + era * 400 + (m <= 2);
	c->y = (int)y;
	c->m = (int)m;
	c->d = (int)d;
	c->hh = (int)(rem / 3600);
	c->mm = (int)(rem / 60 % 60);
	c->ss = (int)(rem % 60);
}

void
iso8601(int64_t t, char *buf)
{
	struct civil	c;
	char		tmp[64];

	civil(t, &c);
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02dT%02d:%02d:%02dZ", c.y, c.m,
	    c.d, c.hh, c.mm, c.ss);
	memcpy(buf, tmp, 21);
}

void
http_date(int64_t t, char *buf)
{
	static const char	 days[] = "SunMonTueWedThuFriSat";
	static const char	 months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	struct civil		 c;
	char			 tmp[64];

	civil(t, &c);
	snprintf(tmp, sizeof(tmp), "%.3s, %02d %.3s %04d %02d:%02d:%02d GMT",
	    days + 3 * c.wday, c.d, months + 3 * (c.m - 1), c.y, c.hh, c.mm,
	    c.ss);
	memcpy(buf, tmp, 30);
}

/* n decimal digits at s into *v; 0 or -1. */
static int
digits(const char *s, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

int
parse_iso8601(const char *s, int64_t *out)
{
	static const int mdays[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int64_t	era, yoe, doy, doe, y;
	int	Y, M, D, h, m, sec, leap;

	if (strlen(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':' || s[19] != 'Z' ||
	    digits(s, 4, &Y) || digits(s + 5, 2, &M) ||
	    digits(s + 8, 2, &D) || digits(s + 11, 2, &h) ||
	    digits(s + 14, 2, &m) || digits(s + 17, 2, &sec))
		return -1;
	leap = (Y % 4 == 0 && Y % 100 != 0) || Y % 400 == 0;
	if (Y < 1970 || M < 1 || M > 12 || D < 1 ||
	    D > mdays[M - 1] + (M == 2 && leap) || h > 23 || m > 59 ||
	    sec > 59)
		return -1;
	/* days from civil, the inverse of civil() above */
	y = Y - (M <= 2);
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (M > 2 ? M - 3 : M + 9) + 2) / 5 + D - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	*out = (era * 146097 + doe - 719468) * 86400 + h * 3600 + m * 60 + sec;
	return 0;
}
