/* Unit tests of utf8_valid, parse_int, the validators and fields_check. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "accounts.h"
#include "unit.h"

/* A param over a literal (the validators only read it). */
static struct param
mkp(const char *name, const char *val, size_t valsz, enum ptype t)
{
	struct param	p;

	memset(&p, 0, sizeof(p));
	p.name = (char *)name;
	p.val = (char *)val;
	p.valsz = valsz;
	p.type = t;
	if (t == PT_FILE)
		p.filename = (char *)"f.bin";
	return p;
}

/* Runs v on a param of type t holding val; the message or NULL. */
static const char *
run(validator v, enum ptype t, const char *val, size_t valsz,
    struct fval *out)
{
	struct param	p;
	struct fval	tmp;

	p = mkp("x", val, valsz, t);
	if (out == NULL)
		out = &tmp;
	memset(out, 0, sizeof(*out));
	return v(&p, out);
}

/* 1 if v accepts string s. */
static int
ok(validator v, const char *s)
{
	return run(v, PT_STRING, s, strlen(s), NULL) == NULL;
}

static int
ok_t(validator v, enum ptype t, const char *s)
{
	return run(v, t, s, strlen(s), NULL) == NULL;
}

/* A malloc'ed string of n copies of c. */
static char *
rep(char c, size_t n)
{
	char	*s;

	if ((s = malloc(n + 1)) == NULL)
		abort();
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

static int
u8(const char *s, int ml)
{
	return utf8_valid(s, strlen(s), ml);
}

static void
test_utf8(void)
{
	CHECK(u8("", 0), "empty string valid");
	CHECK(u8("plain ASCII ~!@#$%^&*()'\"", 0), "printable ASCII valid");
	CHECK(u8("caf\xc3\xa9", 0), "2-byte sequence valid");
	CHECK(u8("\xe2\x82\xac", 0), "3-byte sequence valid");
	CHECK(u8("\xf0\x9f\x98\x80", 0), "4-byte sequence valid");
	CHECK(u8("\xf4\x8f\xbf\xbf", 0), "U+10FFFF valid");
	CHECK(u8("\xed\x9f\xbf", 0), "U+D7FF valid");
	CHECK(u8("\xee\x80\x80", 0), "U+E000 valid");
	CHECK(u8("\xc2\xa0", 0), "U+00A0 (after C1) valid");
	CHECK(!u8("\xc0\xaf", 0), "overlong C0 AF refused");
	CHECK(!u8("\xc1\xbf", 0), "overlong C1 BF refused");
	CHECK(!u8("\xe0\x80\xaf", 0), "overlong 3-byte refused");
	CHECK(!u8("\xf0\x80\x80\xaf", 0), "overlong 4-byte refused");
	CHECK(!u8("\xed\xa0\x80", 0), "surrogate D800 refused");
	CHECK(!u8("\xed\xbf\xbf", 0), "surrogate DFFF refused");
	CHECK(!u8("\xf4\x90\x80\x80", 0), "U+110000 refused");
	CHECK(!u8("\xf5\x80\x80\x80", 0), "F5 lead byte refused");
	CHECK(!u8("\xff", 0), "FF byte refused");
	CHECK(!u8("\x80", 0), "lone continuation byte refused");
	CHECK(!u8("a\xc3", 0), "truncated 2-byte at end refused");
	CHECK(!u8("\xe2\x82", 0), "truncated 3-byte at end refused");
	CHECK(!u8("\xe2\x82x", 0), "truncated 3-byte before ASCII refused");
	CHECK(!u8("\xf0\x9f\x98", 0), "truncated 4-byte refused");
	CHECK(!utf8_valid("a\0b", 3, 0), "NUL refused");
	CHECK(!utf8_valid("a\0b", 3, 1), "NUL refused even multiline");
	CHECK(!utf8_valid("\xc3\xa9", 1, 0), "length respected (cut mid-char)");
	CHECK(utf8_valid("ab\xff", 2, 0), "bytes past len ignored");
	CHECK(!u8("a\x01", 0), "C0 control 0x01 refused");
	CHECK(!u8("\x1b[31m", 0), "ESC refused");
	CHECK(!u8("a\rb", 0), "CR refused when single-line");
	CHECK(u8("a\r\nb", 1),
	    "CRLF allowed when multiline (browsers send textareas so)");
	CHECK(!u8("\x7f", 0), "DEL refused");
	CHECK(!u8("\xc2\x80", 0), "C1 U+0080 refused");
	CHECK(!u8("\xc2\x9f", 0), "C1 U+009F refused");
	CHECK(!u8("a\nb", 0), "newline refused when single-line");
	CHECK(u8("a\nb", 1), "newline allowed when multiline");
	CHECK(!u8("a\tb", 0), "tab refused when single-line");
	CHECK(u8("a\tb", 1), "tab allowed when multiline");
}

static void
test_parse_int(void)
{
	int64_t	v;

	v = 0;
	CHECK(parse_int("12", 0, 100, &v) == 0 && v == 12, "\"12\" -> 12");
	CHECK(parse_int("-3", -10, 10, &v) == 0 && v == -3, "\"-3\" -> -3");
	CHECK(parse_int("0", 0, 0, &v) == 0 && v == 0, "\"0\" -> 0");
	CHECK(parse_int("10", 1, 10, &v) == 0 && v == 10, "upper bound in");
	CHECK(parse_int("1", 1, 10, &v) == 0 && v == 1, "lower bound in");
	CHECK(parse_int("11", 1, 10, &v) != 0, "above upper bound refused");
	CHECK(parse_int("0", 1, 10, &v) != 0, "below lower bound refused");
	CHECK(parse_int("-1", 0, 10, &v) != 0, "negative under 0 refused");
	CHECK(parse_int("", INT64_MIN, INT64_MAX, &v) != 0, "\"\" refused");
	CHECK(parse_int("-", INT64_MIN, INT64_MAX, &v) != 0, "\"-\" refused");
	CHECK(parse_int("+1", INT64_MIN, INT64_MAX, &v) != 0,
	    "\"+1\" refused");
	CHECK(parse_int(" 1", INT64_MIN, INT64_MAX, &v) != 0,
	    "\" 1\" refused");
	CHECK(parse_int("1 ", INT64_MIN, INT64_MAX, &v) != 0,
	    "\"1 \" refused");
	CHECK(parse_int("1\n", INT64_MIN, INT64_MAX, &v) != 0,
	    "\"1\\n\" refused");
	CHECK(parse_int("1x", INT64_MIN, INT64_MAX, &v) != 0,
	    "\"1x\" refused");
	CHECK(parse_int("0x10", INT64_MIN, INT64_MAX, &v) != 0,
	    "\"0x10\" refused");
	CHECK(parse_int("1.0", INT64_MIN, INT64_MAX, &v) != 0,
	    "\"1.0\" refused");
	CHECK(parse_int("1e3", INT64_MIN, INT64_MAX, &v) != 0,
	    "\"1e3\" refused");
	CHECK(parse_int("--1", INT64_MIN, INT64_MAX, &v) != 0,
	    "\"--1\" refused");
	CHECK(parse_int("9223372036854775807", INT64_MIN, INT64_MAX, &v) == 0
	    && v == INT64_MAX, "INT64_MAX accepted");
	CHECK(parse_int("-9223372036854775808", INT64_MIN, INT64_MAX, &v) == 0
	    && v == INT64_MIN, "INT64_MIN accepted");
	CHECK(parse_int("9223372036854775808", INT64_MIN, INT64_MAX, &v) != 0,
	    "INT64_MAX + 1 refused");
	CHECK(parse_int("-9223372036854775809", INT64_MIN, INT64_MAX, &v) != 0,
	    "INT64_MIN - 1 refused");
	CHECK(parse_int("99999999999999999999", INT64_MIN, INT64_MAX, &v) != 0,
	    "20 nines refused");
	CHECK(parse_int("18446744073709551617", INT64_MIN, INT64_MAX, &v) != 0,
	    "2^64 + 1 (wraps to 1 in uint64) refused");
	v = 77;
	CHECK(parse_int("5x", 0, 10, &v) != 0 && v == 77,
	    "failure leaves *out alone");
}

static void
test_username(void)
{
	char	*s;

	CHECK(ok(valid_username, "alice"), "username alice");
	CHECK(ok(valid_username, "bob_99"), "username bob_99");
	CHECK(ok(valid_username, "Alice.B-c_d"), "username Alice.B-c_d");
	CHECK(ok(valid_username, "abc"), "3-char username accepted");
	CHECK(!ok(valid_username, "ab"), "2-char username refused");
	s = rep('u', 32);
	CHECK(ok(valid_username, s), "32-char username accepted");
	free(s);
	s = rep('u', 33);
	CHECK(!ok(valid_username, s), "33-char username refused");
	free(s);
	CHECK(!ok(valid_username, "_abc"), "username starting with '_'");
	CHECK(!ok(valid_username, ".abc"), "username starting with '.'");
	CHECK(!ok(valid_username, "-abc"), "username starting with '-'");
	CHECK(!ok(valid_username, "\xc3\xa9lise"),
	    "non-ASCII username refused (ASCII rule)");
	CHECK(!ok(valid_username, ""), "empty username refused");
	CHECK(!ok(valid_username, "a b"), "username with space refused");
	CHECK(!ok(valid_username, "a@b"),
	    "username with '@' refused (login treats '@' as an email)");
	CHECK(!ok(valid_username, "x' OR 1=1 --"),
	    "username with quote and spaces refused");
	CHECK(!ok(valid_username, "al/ce"), "username with '/' refused");
	CHECK(!ok(valid_username, "al\nce"), "username with LF refused");
	CHECK(run(valid_username, PT_STRING, "ali\0ce", 6, NULL) != NULL,
	    "username with embedded NUL refused");
	CHECK(!ok(valid_username, "al\xff"), "username with bad UTF-8 refused");
	s = rep('a', 200);
	CHECK(!ok(valid_username, s), "200-char username refused");
	free(s);
}

static void
test_email(void)
{
	char	*s;

	CHECK(ok(valid_email, "a@b.example"), "email a@b.example");
	CHECK(ok(valid_email, "First.Last+tag@sub.example.org"),
	    "email with dots and plus");
	CHECK(!ok(valid_email, ""), "empty email refused");
	CHECK(!ok(valid_email, "plain"), "email without @ refused");
	CHECK(!ok(valid_email, "a@"), "email without domain refused");
	CHECK(!ok(valid_email, "@b.example"), "email without local refused");
	CHECK(!ok(valid_email, "a@@b.example"), "email with @@ refused");
	CHECK(!ok(valid_email, "a b@c.example"), "email with space refused");
	CHECK(!ok(valid_email, "a@b.example\r\nBcc: x@evil.example"),
	    "email with CRLF (header injection) refused");
	CHECK(!ok(valid_email, "a@b.example\nBcc: x@evil.example"),
	    "email with LF refused");
	CHECK(!ok(valid_email, "a@b.example,c@d.example"),
	    "two addresses refused");
	CHECK(!ok(valid_email, "<a@b.example>"), "angle brackets refused");
	CHECK(run(valid_email, PT_STRING, "a@b.example\0x", 13, NULL) != NULL,
	    "email with embedded NUL refused");
	s = malloc(300);
	if (s == NULL)
		abort();
	memset(s, 'a', 250);
	strcpy(s + 250, "@b.example");
	CHECK(!ok(valid_email, s), "260-char email refused");
	free(s);
}

static void
test_password(void)
{
	char	*s;

	s = rep('p', PW_MIN_LEN - 1);
	CHECK(!ok(valid_password, s), "password of PW_MIN_LEN - 1 refused");
	free(s);
	s = rep('p', PW_MIN_LEN);
	CHECK(ok(valid_password, s), "password of PW_MIN_LEN accepted");
	free(s);
	s = rep('p', PW_MAX_LEN);
	CHECK(ok(valid_password, s), "password of PW_MAX_LEN accepted");
	free(s);
	s = rep('p', PW_MAX_LEN + 1);
	CHECK(!ok(valid_password, s), "password of PW_MAX_LEN + 1 refused");
	free(s);
	CHECK(ok(valid_password, "correct horse battery"),
	    "password with spaces accepted");
	CHECK(ok(valid_password, "x' OR 1=1 --"),
	    "password with SQL metacharacters accepted");
	CHECK(ok(valid_password, "p\xc3\xa4sswort!"), "UTF-8 password");
	CHECK(run(valid_password, PT_STRING, "password\0tail", 13, NULL)
	    != NULL, "password with embedded NUL refused");
	CHECK(!ok(valid_password, ""), "empty password refused");
}

static void
test_text(void)
{
	struct fval	 v;
	char		*s;

	CHECK(run(valid_text, PT_STRING, "x' OR 1=1 --", 12, &v) == NULL &&
	    v.s != NULL && strcmp(v.s, "x' OR 1=1 --") == 0 &&
	    v.len == 12, "SQL metacharacters are plain text");
	CHECK(ok(valid_text, "Robert'); DROP TABLE users;--"),
	    "Bobby Tables is plain text");
	CHECK(ok(valid_text, "<script>alert(1)</script>"),
	    "HTML is plain text (output is JSON)");
	s = rep('t', 255);
	CHECK(ok(valid_text, s), "255-char text accepted");
	free(s);
	s = rep('t', 256);
	CHECK(!ok(valid_text, s), "256-char text refused");
	free(s);
	s = rep('n', 100);
	CHECK(ok(valid_name, s), "100-char name accepted");
	free(s);
	s = rep('n', 101);
	CHECK(!ok(valid_name, s), "101-char name refused");
	free(s);
	CHECK(!ok(valid_text, "a\nb"), "newline in text refused");
	CHECK(ok(valid_long_text, "line 1\nline 2\ttab"),
	    "newline and tab in long text accepted");
	CHECK(!ok(valid_long_text, "a\x01"), "control char in long text");
	CHECK(run(valid_text, PT_STRING, "a\0b", 3, NULL) != NULL,
	    "embedded NUL in text refused");
	CHECK(run(valid_long_text, PT_STRING, "a\0b", 3, NULL) != NULL,
	    "embedded NUL in long text refused");
	CHECK(run(valid_name, PT_STRING, "a\0b", 3, NULL) != NULL,
	    "embedded NUL in name refused");
	CHECK(!ok(valid_text, "\xc0\xaf"), "overlong UTF-8 in text refused");
	CHECK(!ok(valid_long_text, "\xed\xa0\x80"),
	    "surrogate in long text refused");
	CHECK(!ok(valid_name, "\xff"), "bad byte in name refused");
	CHECK(ok(valid_text, "\xe4\xbd\xa0\xe5\xa5\xbd"), "CJK text accepted");

	/* Types: a JSON number or bool is not text. */
	CHECK(!ok_t(valid_text, PT_NUMBER, "12"),
	    "JSON number to text refused");
	CHECK(!ok_t(valid_text, PT_BOOL, "1"), "JSON bool to text refused");
	CHECK(!ok_t(valid_text, PT_OTHER, ""), "JSON object to text refused");
	CHECK(!ok_t(valid_text, PT_FILE, "abc"), "file to text refused");
	CHECK(!ok_t(valid_name, PT_NUMBER, "12"), "JSON number to name");
	CHECK(!ok_t(valid_username, PT_NUMBER, "12345"),
	    "JSON number to username refused");
	CHECK(!ok_t(valid_password, PT_NUMBER, "12345678"),
	    "JSON number to password refused");
	CHECK(!ok_t(valid_email, PT_OTHER, ""), "JSON array to email refused");
}

static void
test_numbers(void)
{
	struct fval	v;

	CHECK(run(valid_gender, PT_STRING, "0", 1, &v) == NULL && v.i == 0,
	    "gender \"0\" -> 0");
	CHECK(run(valid_gender, PT_STRING, "1", 1, &v) == NULL && v.i == 1,
	    "gender \"1\" -> 1");
	CHECK(run(valid_gender, PT_STRING, "true", 4, &v) == NULL && v.i == 1,
	    "gender \"true\" -> 1");
	CHECK(run(valid_gender, PT_STRING, "false", 5, &v) == NULL &&
	    v.i == 0, "gender \"false\" -> 0");
	CHECK(run(valid_gender, PT_BOOL, "1", 1, &v) == NULL && v.i == 1,
	    "gender JSON true -> 1");
	CHECK(run(valid_gender, PT_BOOL, "0", 1, &v) == NULL && v.i == 0,
	    "gender JSON false -> 0");
	CHECK(run(valid_gender, PT_NUMBER, "1", 1, &v) == NULL && v.i == 1,
	    "gender JSON 1 -> 1");
	CHECK(!ok(valid_gender, "2"), "gender 2 refused");
	CHECK(!ok(valid_gender, "-1"), "gender -1 refused");
	CHECK(!ok(valid_gender, "yes"), "gender yes refused");
	CHECK(!ok(valid_gender, "male"), "gender male refused");
	CHECK(!ok(valid_gender, "1 "), "gender \"1 \" refused");
	CHECK(!ok_t(valid_gender, PT_NUMBER, "2"), "gender JSON 2 refused");
	CHECK(!ok_t(valid_gender, PT_OTHER, ""), "gender object refused");

	CHECK(run(valid_age, PT_STRING, "30", 2, &v) == NULL && v.i == 30,
	    "age \"30\" -> 30");
	CHECK(run(valid_age, PT_NUMBER, "30", 2, &v) == NULL && v.i == 30,
	    "age JSON 30 -> 30");
	CHECK(run(valid_age, PT_STRING, "0", 1, &v) == NULL && v.i == 0,
	    "age 0 accepted");
	CHECK(!ok(valid_age, "-1"), "age -1 refused");
	CHECK(!ok(valid_age, "abc"), "age abc refused");
	CHECK(!ok(valid_age, "30.5"), "age 30.5 refused");
	CHECK(!ok_t(valid_age, PT_NUMBER, "30.5"), "age JSON 30.5 refused");
	CHECK(!ok_t(valid_age, PT_NUMBER, "3e1"), "age JSON 3e1 refused");
	CHECK(!ok(valid_age, "100000"), "age 100000 refused");
	CHECK(!ok(valid_age, "99999999999999999999"), "age overflow refused");
	CHECK(!ok_t(valid_age, PT_BOOL, "1"), "age JSON true refused");
	CHECK(run(valid_age, PT_STRING, "3\0" "0", 3, NULL) != NULL,
	    "age with embedded NUL refused");

	CHECK(run(valid_id, PT_STRING, "12", 2, &v) == NULL && v.i == 12,
	    "id \"12\" -> 12");
	CHECK(run(valid_id, PT_NUMBER, "12", 2, &v) == NULL && v.i == 12,
	    "id JSON 12 -> 12");
	CHECK(!ok(valid_id, "0"), "id 0 refused");
	CHECK(!ok(valid_id, "-1"), "id -1 refused");
	CHECK(!ok(valid_id, ""), "id empty refused");
	CHECK(!ok(valid_id, "1x"), "id 1x refused");
	CHECK(!ok(valid_id, "9223372036854775808"), "id INT64_MAX+1 refused");
	CHECK(!ok_t(valid_id, PT_NUMBER, "1.5"), "id JSON 1.5 refused");
	CHECK(!ok_t(valid_id, PT_NUMBER, "1e3"), "id JSON 1e3 refused");
	CHECK(!ok_t(valid_id, PT_BOOL, "1"), "id JSON true refused");
	CHECK(run(valid_id, PT_STRING, "1\0" "2", 3, NULL) != NULL,
	    "id with embedded NUL refused");

	CHECK(run(valid_bool, PT_STRING, "true", 4, &v) == NULL && v.i == 1,
	    "bool \"true\" -> 1");
	CHECK(run(valid_bool, PT_STRING, "0", 1, &v) == NULL && v.i == 0,
	    "bool \"0\" -> 0");
	CHECK(run(valid_bool, PT_BOOL, "1", 1, &v) == NULL && v.i == 1,
	    "bool JSON true -> 1");
	CHECK(!ok(valid_bool, "maybe"), "bool maybe refused");
	CHECK(!ok(valid_bool, "2"), "bool 2 refused");
}

static void
test_misc(void)
{
	char		 tok[TOK_LEN + 1], *s;
	unsigned char	 h[TOK_HASH];

	CHECK(ok(valid_code, "123456"), "6-digit code accepted");
	CHECK(!ok(valid_code, "12a456"), "code with a letter refused");
	CHECK(!ok(valid_code, " 123456"), "code with a space refused");
	CHECK(!ok(valid_code, ""), "empty code refused");
	s = rep('1', 64);
	CHECK(!ok(valid_code, s), "64-digit code refused");
	free(s);
	CHECK(!ok_t(valid_code, PT_OTHER, ""), "object as code refused");

	CHECK(tok_new(tok, h) == 0 && ok(valid_token, tok),
	    "a fresh token is a valid token");
	tok[TOK_LEN - 1] = '\0';
	CHECK(!ok(valid_token, tok), "short token refused");
	tok[TOK_LEN - 1] = 'A';
	tok[3] = '+';
	CHECK(!ok(valid_token, tok), "token with '+' refused");
	CHECK(!ok(valid_token, ""), "empty token refused");

	CHECK(ok(valid_phone, "+1 (555) 123-4567"), "phone with punctuation");
	CHECK(ok(valid_phone, "0123456789"), "phone of digits");
	CHECK(!ok(valid_phone, "call me"), "phone of letters refused");
	CHECK(!ok(valid_phone, "12"), "2-digit phone refused");
	CHECK(!ok(valid_phone, "555\n1234"), "phone with LF refused");
	CHECK(!ok(valid_phone, "555' OR '1'='1"), "phone with quotes refused");

	CHECK(ok(valid_role_name, "site admin"), "role name with a space");
	CHECK(ok(valid_role_name, "dorm manager"), "role dorm manager");
	CHECK(!ok(valid_role_name, ""), "empty role name refused");
	CHECK(!ok(valid_role_name, "a\tb"), "role name with tab refused");
	s = rep('r', 300);
	CHECK(!ok(valid_role_name, s), "300-char role name refused");
	free(s);
}

static void
test_file_field(void)
{
	struct param	p;
	struct fval	v;

	p = mkp("avatar", "\x89PNG\0", 5, PT_FILE);
	memset(&v, 0, sizeof(v));
	CHECK(valid_file(&p, &v) == NULL && v.file == &p,
	    "file part to file field: fval points at the param");
	CHECK(run(valid_file, PT_STRING, "abc", 3, NULL) != NULL,
	    "text to file field refused");
	CHECK(run(valid_file, PT_NUMBER, "1", 1, NULL) != NULL,
	    "number to file field refused");
}

/* Field table of a register-like endpoint. */
enum { F_USERNAME, F_PASSWORD, F_EMAIL, F_BIO, F_AGE, F_GENDER, F__MAX };
static const struct field ftab[F__MAX] = {
	{ "username",	valid_username,	FLD_REQUIRED },
	{ "password",	valid_password,	FLD_REQUIRED },
	{ "email",	valid_email,	0 },
	{ "bio",	valid_long_text, FLD_NULLABLE },
	{ "age",	valid_age,	FLD_NULLABLE },
	{ "gender",	valid_gender,	0 },
};

/* fields_check over params given as name, type, value triples. */
struct in {
	const char	*name;
	enum ptype	 t;
	const char	*val;
	size_t		 sz;	/* 0: strlen(val) */
};

static int
check(const struct in *in, size_t n, struct fval *out,
    struct json_object **errs)
{
	struct param	p[16];
	struct plist	pl;
	size_t		i;

	for (i = 0; i < n; i++)
		p[i] = mkp(in[i].name, in[i].val,
		    in[i].sz ? in[i].sz : strlen(in[i].val), in[i].t);
	pl.p = p;
	pl.n = n;
	memset(out, 0, sizeof(struct fval) * F__MAX);
	if (errs != NULL)
		*errs = NULL;
	return fields_check(ftab, F__MAX, &pl, out, errs);
}

/* 1 if errs is an object with a non-empty string message for key. */
static int
names(struct json_object *errs, const char *key)
{
	struct json_object *m;

	if (errs == NULL || !json_object_is_type(errs, json_type_object))
		return 0;
	if (!json_object_object_get_ex(errs, key, &m))
		return 0;
	return json_object_is_type(m, json_type_string) &&
	    json_object_get_string_len(m) > 0;
}

static void
test_fields(void)
{
	struct fval		 out[F__MAX];
	struct json_object	*errs;
	int			 st;

	{
		static const struct in in[] = {
			{ "username", PT_STRING, "alice", 0 },
			{ "password", PT_STRING, "s3cret-pass", 0 },
			{ "age", PT_NUMBER, "41", 0 },
			{ "bio", PT_STRING, "", 0 },
		};
		st = check(in, 4, out, &errs);
		CHECK(st == ST_OK && errs == NULL, "valid params accepted");
		CHECK(out[F_USERNAME].present && out[F_USERNAME].s &&
		    strcmp(out[F_USERNAME].s, "alice") == 0 &&
		    out[F_USERNAME].len == 5, "username typed into out[]");
		CHECK(out[F_AGE].present && !out[F_AGE].null &&
		    out[F_AGE].i == 41, "age typed into out[]");
		CHECK(!out[F_EMAIL].present && !out[F_GENDER].present,
		    "absent optional fields not present");
		CHECK(out[F_BIO].present && out[F_BIO].null,
		    "\"\" to a nullable field: present and null");
		json_object_put(errs);
	}
	{
		static const struct in in[] = {
			{ "username", PT_STRING, "alice", 0 },
			{ "password", PT_STRING, "s3cret-pass", 0 },
			{ "age", PT_NULL, "", 0 },
		};
		st = check(in, 3, out, &errs);
		CHECK(st == ST_OK && out[F_AGE].present && out[F_AGE].null,
		    "JSON null to a nullable field: present and null");
		json_object_put(errs);
	}
	{
		static const struct in in[] = {
			{ "username", PT_STRING, "alice", 0 },
			{ "password", PT_STRING, "s3cret-pass", 0 },
			{ "email", PT_NULL, "", 0 },
		};
		st = check(in, 3, out, &errs);
		CHECK(st == ST_INVALID && names(errs, "email"),
		    "JSON null to a non-nullable field refused");
		json_object_put(errs);
	}
	{
		static const struct in in[] = {
			{ "username", PT_STRING, "alice", 0 },
			{ "password", PT_STRING, "s3cret-pass", 0 },
			{ "is_admin", PT_STRING, "1", 0 },
		};
		st = check(in, 3, out, &errs);
		CHECK(st == ST_INVALID, "unknown field refused");
		CHECK(names(errs, "is_admin"), "errs names the unknown field");
		CHECK(json_object_object_length(errs) == 1,
		    "errs names only the bad field");
		json_object_put(errs);
		st = check(in, 3, out, NULL);
		CHECK(st == ST_INVALID, "unknown field refused with errs NULL");
	}
	{
		static const struct in in[] = {
			{ "username", PT_STRING, "alice", 0 },
			{ "password", PT_STRING, "s3cret-pass", 0 },
			{ "role_id", PT_STRING, "1", 0 },
			{ "is_admin", PT_BOOL, "1", 0 },
		};
		st = check(in, 4, out, &errs);
		CHECK(st == ST_INVALID && names(errs, "role_id") &&
		    names(errs, "is_admin"), "every unknown field listed");
		json_object_put(errs);
	}
	{
		static const struct in in[] = {
			{ "username", PT_STRING, "alice", 0 },
			{ "password", PT_STRING, "s3cret-pass", 0 },
			{ "username", PT_STRING, "admin", 0 },
		};
		st = check(in, 3, out, &errs);
		CHECK(st == ST_INVALID && names(errs, "username"),
		    "duplicate param refused and named");
		json_object_put(errs);
	}
	{
		static const struct in in[] = {
			{ "username", PT_STRING, "alice", 0 },
			{ "password", PT_STRING, "s3cret-pass", 0 },
			{ "bio", PT_STRING, "x", 0 },
			{ "bio", PT_STRING, "x", 0 },
		};
		st = check(in, 4, out, &errs);
		CHECK(st == ST_INVALID && names(errs, "bio"),
		    "duplicate with identical values still refused");
		json_object_put(errs);
	}
	{
		static const struct in in[] = {
			{ "username", PT_STRING, "alice", 0 },
		};
		st = check(in, 1, out, &errs);
		CHECK(st == ST_INVALID && names(errs, "password"),
		    "missing required field refused and named");
		json_object_put(errs);
	}
	{
		st = check(NULL, 0, out, &errs);
		CHECK(st == ST_INVALID && names(errs, "username") &&
		    names(errs, "password"), "no params: both required named");
		json_object_put(errs);
	}
	{
		static const struct in in[] = {
			{ "username", PT_STRING, "", 0 },
			{ "password", PT_STRING, "s3cret-pass", 0 },
		};
		st = check(in, 2, out, &errs);
		CHECK(st == ST_INVALID && names(errs, "username"),
		    "required field given \"\" refused");
		json_object_put(errs);
	}
	{
		static const struct in in[] = {
			{ "username", PT_STRING, "alice", 0 },
			{ "password", PT_STRING, "s3cret-pass", 0 },
			{ "email", PT_STRING, "not an email", 0 },
			{ "gender", PT_STRING, "2", 0 },
		};
		st = check(in, 4, out, &errs);
		CHECK(st == ST_INVALID && names(errs, "email") &&
		    names(errs, "gender"), "each invalid field named");
		CHECK(!names(errs, "username"), "valid fields not named");
		json_object_put(errs);
	}
	{
		static const struct in in[] = {
			{ "username", PT_STRING, "alice", 0 },
			{ "password", PT_STRING, "s3cret-pass", 0 },
			{ "bio", PT_NUMBER, "12", 0 },
		};
		st = check(in, 3, out, &errs);
		CHECK(st == ST_INVALID && names(errs, "bio"),
		    "JSON number to a text field refused (wrong type)");
		json_object_put(errs);
	}
	{
		static const struct in in[] = {
			{ "username", PT_OTHER, "", 0 },
			{ "password", PT_STRING, "s3cret-pass", 0 },
		};
		st = check(in, 2, out, &errs);
		CHECK(st == ST_INVALID && names(errs, "username"),
		    "PT_OTHER refused");
		json_object_put(errs);
	}
	{
		static const struct in in[] = {
			{ "username", PT_STRING, "alice", 0 },
			{ "password", PT_STRING, "s3cret-pass\0admin", 17 },
		};
		st = check(in, 2, out, &errs);
		CHECK(st == ST_INVALID && names(errs, "password"),
		    "embedded NUL refused by fields_check");
		json_object_put(errs);
	}
	{
		static const struct in in[] = {
			{ "username", PT_STRING, "alice", 0 },
			{ "password", PT_STRING, "s3cret-pass", 0 },
			{ "bio", PT_STRING, "caf\xc3 ok", 0 },
		};
		st = check(in, 3, out, &errs);
		CHECK(st == ST_INVALID && names(errs, "bio"),
		    "invalid UTF-8 refused by fields_check");
		json_object_put(errs);
	}
	{
		static const struct in in[] = {
			{ "username", PT_STRING, "alice", 0 },
			{ "password", PT_STRING, "x' OR 1=1 --", 0 },
			{ "bio", PT_STRING, "1'; DROP TABLE users; --", 0 },
		};
		st = check(in, 3, out, &errs);
		CHECK(st == ST_OK && out[F_BIO].s &&
		    strcmp(out[F_BIO].s, "1'; DROP TABLE users; --") == 0,
		    "SQL metacharacters accepted as data");
		json_object_put(errs);
	}
	{
		static const struct in in[] = {
			{ "username", PT_STRING, "alice", 0 },
			{ "password", PT_STRING, "s3cret-pass", 0 },
			{ "gender", PT_BOOL, "1", 0 },
		};
		st = check(in, 3, out, &errs);
		CHECK(st == ST_OK && out[F_GENDER].present &&
		    out[F_GENDER].i == 1, "JSON true to gender -> 1");
		json_object_put(errs);
	}
}

int
main(void)
{
	PLAN(223);
	test_utf8();
	test_parse_int();
	test_username();
	test_email();
	test_password();
	test_text();
	test_numbers();
	test_misc();
	test_file_field();
	test_fields();
	UNIT_DONE();
}
