/*
 * magic-trim: libmagic's compiled database cut to the entries that can
 * name a MIME type, for the upload programs (common/magic.c), which ask
 * libmagic for nothing else.
 *
 *	magic-trim IN.mgc OUT.mgc
 *
 * A compiled database is a header entry and then the entries of two sets
 * (regular tests, then named tests that others `use`), each a top-level
 * test followed by its continuations.  libmagic walks every top-level
 * test of a file that matches nothing, so the whole 8 MB file becomes
 * resident in every upload; about half of it are tests that only ever
 * print a description.  Kept: every test that has a MIME type, uses
 * (through named tests, at any depth) one that has, or re-runs the
 * database (indirect); the named tests those use; the order (it is the
 * order of strength).  Dropped: the rest.
 *
 * In MIME-type mode a dropped test prints nothing when it matches, but it
 * ends the search: where the full database answers a generic type
 * (text/plain, application/octet-stream) because one of them matched
 * first, the cut one may name the later, more specific type.  Any other
 * answer is the same (tests/config/30-magic-trim.sh compares them).
 *
 * The layout is libmagic's own (file/file.h of libmagic-dev); a database
 * of another version is refused, and the upload programs then load the
 * system's database as they would without this file.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <file/file.h>

struct grp {
	size_t	first, n;	/* entries [first, first + n) */
	int	set;
	int	state;		/* 0 unknown, 1 visiting, 2 no, 3 yes */
	int	keep;
};

static struct magic	*ent;
static struct grp	*grp;
static size_t		 ngrp;

static _Noreturn void
die(const char *what)
{
	fprintf(stderr, "magic-trim: %s\n", what);
	exit(1);
}

/* The named test NAME (set 1), or NULL. */
static struct grp *
named(const char *name)
{
	size_t	i;

	if (*name == '^')	/* the same test, byte-swapped */
		name++;
	for (i = 0; i < ngrp; i++)
		if (grp[i].set == 1 && ent[grp[i].first].type == FILE_NAME &&
		    strncmp(ent[grp[i].first].value.s, name, MAXstring) == 0)
			return &grp[i];
	return NULL;
}

/* Whether a match of G can print a MIME type. */
static int
has_mime(struct grp *g)
{
	struct grp	*u;
	size_t		 i;
	int		 yes = 0;

	if (g->state >= 2)
		return g->state == 3;
	if (g->state == 1)	/* a cycle: decided where it started */
		return 0;
	g->state = 1;
	for (i = g->first; i < g->first + g->n && !yes; i++) {
		if (ent[i].mimetype[0] != '\0' || ent[i].type == FILE_INDIRECT)
			yes = 1;
		else if (ent[i].type == FILE_USE &&
		    (u = named(ent[i].value.s)) != NULL)
			yes = has_mime(u);
	}
	g->state = yes ? 3 : 2;
	return yes;
}

/* Marks G kept, and the named tests it uses. */
static void
keep(struct grp *g)
{
	struct grp	*u;
	size_t		 i;

	if (g->keep)
		return;
	g->keep = 1;
	for (i = g->first; i < g->first + g->n; i++)
		if (ent[i].type == FILE_USE &&
		    (u = named(ent[i].value.s)) != NULL)
			keep(u);
}

int
main(int argc, char *argv[])
{
	FILE		*f;
	long		 sz;
	size_t		 nent, i, g, kept[MAGIC_SETS] = { 0, 0 }, bytes;
	uint32_t	*hdr;

	if (argc != 3)
		die("usage: magic-trim IN.mgc OUT.mgc");
	if ((f = fopen(argv[1], "rb")) == NULL || fseek(f, 0, SEEK_END) != 0 ||
	    (sz = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
		die(strerror(errno));
	if (sz < (long)sizeof(struct magic) || sz % sizeof(struct magic) != 0)
		die("not a compiled magic database of this libmagic's layout");
	if ((ent = malloc((size_t)sz)) == NULL ||
	    fread(ent, 1, (size_t)sz, f) != (size_t)sz)
		die("cannot read the database");
	fclose(f);
	nent = (size_t)sz / sizeof(struct magic) - 1;
	hdr = (uint32_t *)(void *)ent;
	if (hdr[0] != MAGICNO || hdr[1] != VERSIONNO ||
	    (size_t)hdr[2] + hdr[3] != nent)
		die("the database is not of this libmagic's version");
	ent++;				/* the header entry */

	/* groups: a top-level test and its continuations */
	if ((grp = calloc(nent, sizeof(*grp))) == NULL)
		die("out of memory");
	for (i = 0; i < nent; i++) {
		if (ent[i].cont_level == 0 || ngrp == 0 ||
		    i == hdr[2]) {	/* a set starts a group */
			grp[ngrp].first = i;
			grp[ngrp].set = i >= hdr[2];
			ngrp++;
		}
		grp[ngrp - 1].n++;
	}
	for (g = 0; g < ngrp; g++)
		if ((grp[g].set == 0 && has_mime(&grp[g])) ||
		    (grp[g].set == 1 && ent[grp[g].first].type != FILE_NAME))
			keep(&grp[g]);

	if ((f = fopen(argv[2], "wb")) == NULL)
		die(strerror(errno));
	for (g = 0; g < ngrp; g++)
		if (grp[g].keep)
			kept[grp[g].set] += grp[g].n;
	hdr[2] = (uint32_t)kept[0];
	hdr[3] = (uint32_t)kept[1];
	if (fwrite(hdr, sizeof(struct magic), 1, f) != 1)
		die(strerror(errno));
	for (g = 0; g < ngrp; g++)
		if (grp[g].keep && fwrite(&ent[grp[g].first],
		    sizeof(struct magic), grp[g].n, f) != grp[g].n)
			die(strerror(errno));
	if (fclose(f) != 0)
		die(strerror(errno));
	bytes = (kept[0] + kept[1] + 1) * sizeof(struct magic);
	fprintf(stderr, "magic-trim: %zu of %zu entries kept, %zu bytes\n",
	    kept[0] + kept[1], nent, bytes);
	return 0;
}
