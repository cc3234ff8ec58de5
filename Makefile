# nsh — an interactive teaching shell for Linux namespaces.
#
#   make            build build/nsh
#   make run        build and start nsh
#   make test       build and run every test (unit, integration, pty)
#   make asan       build with ASan+UBSan into build-asan/ and run the tests there
#   make bench      side-by-side timings against dash/bash/util-linux/psmisc
#   make install    PREFIX=/usr/local DESTDIR=
#
# Missing -dev packages are installed with apt-get when running as root;
# otherwise make stops and prints the command to run.

# ---- user-tunable -----------------------------------------------------------
CC       ?= cc
PREFIX   ?= /usr/local
DESTDIR  ?=
BUILD    ?= build
CFLAGS   ?= -O2 -g
LDFLAGS  ?=
SANITIZE ?=
# 1: link readline, tinfo, Lua and jansson statically (Debian has no static libsmartcols).  Loading them as shared
# libraries is most of the start-up time of `nsh -c true`; see make bench.
STATIC_LIBS ?= 1

BINDIR  = $(PREFIX)/bin
DATADIR = $(PREFIX)/share/nsh
MANDIR  = $(PREFIX)/share/man/man1

VERSION  = 0.1.0
PKGS     = readline lua5.4 jansson smartcols cmocka
DEB_PKGS = libreadline-dev liblua5.4-dev libjansson-dev libsmartcols-dev libcmocka-dev pkg-config

WARN = -Wall -Wextra -Wshadow -Wformat=2 -Wno-unused-parameter
ifneq ($(CI),)
WARN += -Werror
endif

# ---- dependencies -----------------------------------------------------------
.DEFAULT_GOAL := all
# $(BUILD)/config.mk is (re)made before anything else: it checks the -dev
# packages, installs them as root, and records the pkg-config flags.
ifeq ($(filter clean distclean uninstall help,$(MAKECMDGOALS)),)
-include $(BUILD)/config.mk
endif

$(BUILD)/config.mk: Makefile
	@mkdir -p $(BUILD)
	@missing=""; \
	command -v pkg-config >/dev/null 2>&1 || missing="$(DEB_PKGS)"; \
	if [ -z "$$missing" ]; then \
	  pkg-config --exists readline || missing="$$missing libreadline-dev"; \
	  pkg-config --exists lua5.4   || missing="$$missing liblua5.4-dev"; \
	  pkg-config --exists jansson  || missing="$$missing libjansson-dev"; \
	  pkg-config --exists smartcols || missing="$$missing libsmartcols-dev"; \
	  pkg-config --exists cmocka   || missing="$$missing libcmocka-dev"; \
	fi; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "nsh: installing missing build dependencies:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null \
	      || { echo "nsh: apt-get install failed" >&2; exit 1; }; \
	  else \
	    echo "nsh: missing build dependencies:$$missing" >&2; \
	    echo "run:  sudo apt-get update && sudo apt-get install -y$$missing" >&2; \
	    exit 1; \
	  fi; \
	fi; \
	{ echo "PKG_CFLAGS = $$(pkg-config --cflags readline lua5.4 jansson smartcols)"; \
	  echo "PKG_LIBS = $$(pkg-config --libs readline lua5.4 jansson smartcols)"; \
	  echo "PKG_STATIC_LIBS = $$(pkg-config --libs --static readline lua5.4 jansson | \
	    sed 's/-lreadline -ltinfo -llua5.4 -lm -ldl -ljansson/-Wl,-Bstatic -lreadline -ltinfo -llua5.4 -ljansson -Wl,-Bdynamic -lm -ldl/') -Wl,--as-needed $$(pkg-config --libs smartcols) -Wl,--no-as-needed"; \
	  echo "CMOCKA_CFLAGS = $$(pkg-config --cflags cmocka)"; \
	  echo "CMOCKA_LIBS = $$(pkg-config --libs cmocka)"; } > $@.tmp && mv $@.tmp $@

# ---- sources ----------------------------------------------------------------
# Every .c under shell/ and lua/ is part of nsh; shell/main.c only holds main()
# so that the unit tests can link everything else.
SRCS     = $(wildcard shell/*.c shell/sys/*.c shell/lib/*.c shell/builtins/*.c shell/lab/*.c lua/*.c)
OBJS     = $(SRCS:%.c=$(BUILD)/%.o)
LIB_OBJS = $(filter-out $(BUILD)/shell/main.o,$(OBJS))
UNIT_SRCS = $(wildcard tests/unit/test_*.c)
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

ALL_CFLAGS = -std=gnu11 $(WARN) $(CFLAGS) $(SANITIZE) -Ishell -Ilua $(PKG_CFLAGS) \
	-DNSH_VERSION='"$(VERSION)"' -DNSH_DATADIR='"$(DATADIR)"' -D_GNU_SOURCE -MMD -MP
ALL_LDFLAGS = $(LDFLAGS) $(SANITIZE)
ifeq ($(STATIC_LIBS),1)
NSH_LIBS = $(PKG_STATIC_LIBS)
else
NSH_LIBS = $(PKG_LIBS)
endif

.PHONY: all run test test-deps unit asan bench fuzz install uninstall clean help
all: $(BUILD)/nsh

$(BUILD)/nsh: $(OBJS) $(BUILD)/config.mk
	$(CC) $(ALL_LDFLAGS) -o $@ $(OBJS) $(NSH_LIBS) -lutil

$(BUILD)/%.o: %.c | $(BUILD)/config.mk
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%.o: tests/unit/%.c | $(BUILD)/config.mk
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -Itests/unit -c -o $@ $<

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(LIB_OBJS)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) $(CMOCKA_LIBS) -lutil

run: $(BUILD)/nsh
	@$(BUILD)/nsh

unit: $(UNIT_BINS)

# One runner for everything: unit binaries, integration scripts, pty tests.
# It prints a TAP-like line per check and "N passed, N failed" at the end.
# The tests drive the real tools they compare with (util-linux, psmisc, procps,
# dash), a pty (python3, tmux), JSON checks (python3), libFuzzer (clang), the
# manual (man-db), valgrind, network namespaces (iproute2), id maps (uidmap),
# the recording player (asciinema) and the report page's browser (chromium).
TEST_TOOLS = python3:python3 tmux:tmux pstree:psmisc ps:procps lsns:util-linux \
	setpriv:util-linux clang:clang man:man-db valgrind:valgrind ip:iproute2 \
	newuidmap:uidmap asciinema:asciinema chromium:chromium dash:dash
test-deps:
	@missing=""; \
	for pair in $(TEST_TOOLS); do \
	  command -v $${pair%%:*} >/dev/null 2>&1 || missing="$$missing $${pair#*:}"; \
	done; \
	ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 || \
	  missing="$$missing libclang-rt-14-dev"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "nsh: installing tools the tests need:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null \
	      || { echo "nsh: apt-get install failed" >&2; exit 1; }; \
	  else \
	    echo "nsh: the tests need:$$missing" >&2; \
	    echo "run:  sudo apt-get update && sudo apt-get install -y$$missing" >&2; \
	    exit 1; \
	  fi; \
	fi

test: $(BUILD)/nsh $(UNIT_BINS) test-deps
	@BUILD=$(BUILD) NSH=$(abspath $(BUILD)/nsh) sh tests/run.sh

asan:
	$(MAKE) BUILD=build-asan CC=clang CFLAGS='-O1 -g -fno-omit-frame-pointer' \
	  SANITIZE='-fsanitize=address,undefined -fno-sanitize-recover=all' test

# libFuzzer targets (tests/fuzz/fuzz_*.c) built with clang into build-fuzz/,
# each run FUZZ_SECONDS (two at a time); see tests/fuzz/run.sh.
FUZZ_SECONDS ?= 600
fuzz:
	FUZZ_BUILD=build-fuzz FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh

bench: $(BUILD)/nsh
	@NSH=$(abspath $(BUILD)/nsh) sh tests/bench/run.sh

install: $(BUILD)/nsh
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/lua $(DESTDIR)$(DATADIR)/labs $(DESTDIR)$(MANDIR)
	install -m 755 $(BUILD)/nsh $(DESTDIR)$(BINDIR)/nsh
	for f in lua/*.lua; do [ -e "$$f" ] && install -m 644 "$$f" $(DESTDIR)$(DATADIR)/lua/; done; true
	for f in labs/*.lua; do [ -e "$$f" ] && install -m 644 "$$f" $(DESTDIR)$(DATADIR)/labs/; done; true
	install -m 644 docs/nsh.1 $(DESTDIR)$(MANDIR)/nsh.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/nsh $(DESTDIR)$(MANDIR)/nsh.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf $(BUILD) $(BUILD)-* build-asan build-fuzz

help:
	@sed -n '2,12p' Makefile | sed 's/^# \{0,1\}//'

-include $(OBJS:.o=.d) $(UNIT_BINS:=.d)
