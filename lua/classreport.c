/* `nsh lab report`: reads result files (record.c writes them beside each
 * recording; `nsh lab check --format json` reports are taken too), turns
 * them into Lua tables, and lets lua/classreport.lua write the text table
 * or the HTML page.  The Lua state here is the teacher's tool, not a lab:
 * it runs our own script with the standard library, never lab code. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <lauxlib.h>
#include <limits.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "classreport.h"
#include "lib/json.h"

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif

#define RESULT_MAX_SIZE (64L * 1024 * 1024)

static const char report_usage[] =
    "usage: nsh lab report RESULT.json... [--html FILE] [--title TEXT]\n"
    "  RESULT.json   result files written beside the recordings (or nsh lab check --format json)\n"
    "  --html FILE   write one self-contained page (tables, struggles, recordings to play)\n"
    "  --title TEXT  the page's title\n";

static void push_json(lua_State *L, const struct json *v)
{
	luaL_checkstack(L, 4, "JSON too deep");
	switch (v->type) {
	case JSON_NULL:
		lua_pushnil(L);
		break;
	case JSON_BOOL:
		lua_pushboolean(L, v->boolean);
		break;
	case JSON_NUMBER:
		lua_pushnumber(L, v->number);
		break;
	case JSON_STRING:
		lua_pushstring(L, v->string);
		break;
	case JSON_ARRAY:
		lua_createtable(L, (int)v->n, 0);
		for (size_t i = 0; i < v->n; i++) {
			push_json(L, v->items[i]);
			lua_rawseti(L, -2, (lua_Integer)i + 1);
		}
		break;
	case JSON_OBJECT:
		lua_createtable(L, 0, (int)v->n);
		for (size_t i = 0; i < v->n; i++) {
			if (v->items[i]->type == JSON_NULL)
				continue;
			push_json(L, v->items[i]);
			lua_setfield(L, -2, v->keys[i]);
		}
		break;
	}
}

static char *slurp(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "re");
	struct stat st;
	char *buf;

	if (!f || fstat(fileno(f), &st) < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		if (f)
			fclose(f);
		return NULL;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > RESULT_MAX_SIZE) {
		snprintf(err, errlen, "%s", S_ISREG(st.st_mode) ? "too large" : "not a regular file");
		fclose(f);
		return NULL;
	}
	buf = malloc((size_t)st.st_size + 1);
	*len = buf ? fread(buf, 1, (size_t)st.st_size, f) : 0;
	fclose(f);
	if (!buf) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	buf[*len] = '\0';
	return buf;
}

/* Is the parsed file one of ours?  NULL if so, else what it lacks. */
static const char *result_kind(const struct json *v)
{
	const struct json *fmt;

	if (v->type != JSON_OBJECT)
		return "not a JSON object";
	fmt = json_get(v, "format");
	if (fmt && fmt->type == JSON_STRING && strcmp(fmt->string, "nsh-lab-result") == 0) {
		const struct json *steps = json_get(v, "steps"), *lab = json_get(v, "lab");
		if (!steps || steps->type != JSON_ARRAY || !lab || lab->type != JSON_OBJECT)
			return "a result without \"lab\" or \"steps\"";
		return NULL;
	}
	if (json_get(v, "labs") && json_get(v, "labs")->type == JSON_ARRAY)
		return NULL; /* nsh lab check --format json */
	return "neither an nsh lab result nor an nsh lab check JSON report";
}

int classreport_main(const char *datadir, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"html", required_argument, NULL, 'H'},
	    {"title", required_argument, NULL, 't'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *html = NULL, *title = NULL;
	char script[PATH_MAX], err[512];
	lua_State *L;
	int c, rc = 0, n = 0;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":H:t:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'H':
			html = optarg;
			break;
		case 't':
			title = optarg;
			break;
		case 'h':
			fputs(report_usage, stdout);
			return 0;
		case ':':
			fprintf(stderr, "nsh: lab report: option '%s' needs an argument\n", argv[optind - 1]);
			fputs(report_usage, stderr);
			return 2;
		default:
			fprintf(stderr, "nsh: lab report: unrecognized option '%s'\n", argv[optind - 1]);
			fputs(report_usage, stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "nsh: lab report: name the result files (RESULT.json...)\n");
		fputs(report_usage, stderr);
		return 2;
	}
	L = luaL_newstate();
	if (!L) {
		fprintf(stderr, "nsh: lab report: out of memory\n");
		return 1;
	}
	luaL_openlibs(L);
	snprintf(script, sizeof script, "%s/lua/classreport.lua", datadir);
	if (luaL_loadfile(L, script) != LUA_OK || lua_pcall(L, 0, 1, 0) != LUA_OK) {
		fprintf(stderr, "nsh: lab report: %s\n", lua_tostring(L, -1));
		lua_close(L);
		return 1;
	}
	/* module, then the results */
	lua_newtable(L);
	for (int i = optind; i < argc; i++) {
		size_t len = 0;
		char *text = slurp(argv[i], &len, err, sizeof err);
		struct json *v;
		const char *bad;
		char dir[PATH_MAX];
		const char *slash;

		if (!text) {
			fprintf(stderr, "nsh: lab report: %s: %s\n", argv[i], err);
			rc = 1;
			continue;
		}
		v = json_parse(text, len, err, sizeof err);
		free(text);
		if (!v) {
			fprintf(stderr, "nsh: lab report: %s: not JSON: %s\n", argv[i], err);
			rc = 1;
			continue;
		}
		if ((bad = result_kind(v)) != NULL) {
			fprintf(stderr, "nsh: lab report: %s: %s\n", argv[i], bad);
			json_free(v);
			rc = 1;
			continue;
		}
		push_json(L, v);
		json_free(v);
		lua_pushstring(L, argv[i]);
		lua_setfield(L, -2, "_path");
		slash = strrchr(argv[i], '/');
		snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - argv[i]) : 1, slash ? argv[i] : ".");
		lua_pushstring(L, dir);
		lua_setfield(L, -2, "_dir");
		lua_rawseti(L, -2, ++n);
	}
	if (n == 0) {
		fprintf(stderr, "nsh: lab report: no result to report on\n");
		lua_close(L);
		return 1;
	}
	/* module.run(results, {html = FILE, title = TEXT}) -> text or nil, error */
	lua_getfield(L, -2, "run");
	lua_pushvalue(L, -2);
	lua_newtable(L);
	if (html) {
		lua_pushstring(L, html);
		lua_setfield(L, -2, "html");
	}
	if (title) {
		lua_pushstring(L, title);
		lua_setfield(L, -2, "title");
	}
	if (lua_pcall(L, 2, 2, 0) != LUA_OK) {
		fprintf(stderr, "nsh: lab report: %s\n", lua_tostring(L, -1));
		lua_close(L);
		return 1;
	}
	if (lua_isnil(L, -2)) {
		fprintf(stderr, "nsh: lab report: %s\n", lua_tostring(L, -1));
		rc = 1;
	} else {
		size_t len;
		const char *out = lua_tolstring(L, -2, &len);
		fwrite(out, 1, len, stdout);
		fflush(stdout);
	}
	lua_close(L);
	return rc;
}
