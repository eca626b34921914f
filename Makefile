# jianggu - one non-recursive Makefile (see docs/ARCHITECTURE.md, "Build").
#
#   make            build build/release/jianggu
#   make run        install what is missing, build, create the demo database
#                   on first run and serve http://127.0.0.1:8080
#   make test       every suite (unit, HTTP on SQLite and PostgreSQL, browser,
#                   fuzz smoke) on the sanitizer build, and the threaded
#                   unit tests under ThreadSanitizer, after checking that
#                   the release build (-O2 warns more) compiles; ends
#                   "N passed, N failed"
#   make test-cluster  the HTTP suite through nginx against two servers on
#                   a PostgreSQL primary and its streaming replica, and
#                   tests/cluster (scripts/test-cluster); .ci/run runs it
#                   after make test
#   make bench      benchmarks under bench/, figures as side-by-side ratios
#   make fuzz       each libFuzzer target for FUZZ_SECONDS (default 60)
#
# MODE selects the build: release (default), asan (ASan + UBSan, used by the
# tests), tsan (ThreadSanitizer, the threaded unit tests only) or fuzz
# (clang, libFuzzer instrumentation). Objects go to build/MODE.

MODE ?= release
BUILD := build/$(MODE)

ifeq ($(MODE),fuzz)
CC := clang
endif
CC ?= cc

PKGS := libmicrohttpd jansson sqlite3 libpq libsodium xlsxwriter libzip expat \
	icu-uc libqrencode libical
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN := -Wall -Wextra -Werror -Wformat=2 -Wstrict-prototypes \
	-Wmissing-prototypes -Wold-style-definition -Wpointer-arith -Wvla \
	-Wshadow -Wconversion -Wsign-conversion -Wcast-qual \
	-Wno-missing-field-initializers -fno-common
CFLAGS_COMMON := -std=c17 -D_DEFAULT_SOURCE -Isrc -I$(BUILD)/gen $(WARN) \
	$(PKG_CFLAGS) -MMD -MP

ifeq ($(MODE),release)
CFLAGS_MODE := -O2 -g -D_FORTIFY_SOURCE=2 -fstack-protector-strong
else ifeq ($(MODE),asan)
CFLAGS_MODE := -O1 -g -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=undefined
LDFLAGS_MODE := -fsanitize=address,undefined
else ifeq ($(MODE),fuzz)
CFLAGS_MODE := -O1 -g -fno-omit-frame-pointer -DFUZZING \
	-fsanitize=fuzzer-no-link,address,undefined
LDFLAGS_MODE := -fsanitize=fuzzer,address,undefined
else ifeq ($(MODE),tsan)
CFLAGS_MODE := -O1 -g -fno-omit-frame-pointer -fsanitize=thread
LDFLAGS_MODE := -fsanitize=thread
else
$(error MODE must be release, asan, tsan or fuzz)
endif

ALL_CFLAGS := $(CFLAGS_COMMON) $(CFLAGS_MODE) $(CFLAGS)
ALL_LDFLAGS := $(LDFLAGS_MODE) $(LDFLAGS)
LIBS := $(PKG_LIBS) -lpthread -lm

# Everything under src/ but the entry point goes into a static library that
# the binary, the unit tests, the benchmarks and the fuzz targets link.
MAIN_SRC := src/cli/main.c
LIB_SRC := $(filter-out $(MAIN_SRC),$(sort $(shell find src -name '*.c')))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/embedded.o
LIB := $(BUILD)/libjianggu.a
BIN := $(BUILD)/jianggu

# Files embedded in the binary: static assets, templates, migrations, and
# the front-end libraries npm installs into web/node_modules (NAME=FILE).
EMBED_FILES := $(sort $(shell find web/static web/templates sql -type f \
	! -name '.*' 2>/dev/null))
EMBED_VENDOR := web/node_modules/echarts/dist/echarts.min.js
EMBED_NAMED := static/vendor/echarts.min.js=web/node_modules/echarts/dist/echarts.min.js

# Documents put together from a base and one fragment per module
# (tools/merge-json.c): the OpenAPI document from web/api/*.json, each
# language's catalog from web/i18n/LANG.json and web/i18n/LANG/*.json.
LANGS := zh-CN en
API_PARTS := $(sort $(filter-out web/api/openapi.json,$(wildcard web/api/*.json)))
MERGED := $(BUILD)/gen/api/openapi.json $(LANGS:%=$(BUILD)/gen/i18n/%.json)
EMBED_NAMED += api/openapi.json=$(BUILD)/gen/api/openapi.json \
	$(foreach l,$(LANGS),i18n/$(l).json=$(BUILD)/gen/i18n/$(l).json)

UNIT_SRC := $(sort $(shell find tests/unit -name 'test_*.c'))
UNIT_BIN := $(UNIT_SRC:%.c=$(BUILD)/%)
UNITS_NEED := $(BIN)

# The ThreadSanitizer build (MODE=tsan) is small: its library holds only
# the base and database layers, and `units` makes only the unit tests
# that drive threads, each twice: as written, and linked with a db.o
# compiled with DB_POOL_NO_LOCK (the pool without its lock, a test hook
# of src/db/db.c), which scripts/run-tests expects TSan to flag.
TSAN_LIB_SRC := $(sort $(wildcard src/base/*.c) \
	$(filter-out src/db/migrate.c,$(wildcard src/db/*.c)))
TSAN_UNIT_SRC := tests/unit/db/test_threads.c
ifeq ($(MODE),tsan)
LIB_OBJ := $(TSAN_LIB_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN := $(TSAN_UNIT_SRC:%.c=$(BUILD)/%) \
	$(TSAN_UNIT_SRC:%.c=$(BUILD)/%-nolock)
UNITS_NEED :=
endif
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:%.c=$(BUILD)/%)
BENCH_SRC := $(sort $(wildcard bench/*.c))
BENCH_BIN := $(BENCH_SRC:%.c=$(BUILD)/%)

.PHONY: all run test test-cluster bench fuzz deps units fuzzers benches clean
.DEFAULT_GOAL := all

ifeq ($(MODE),tsan)
all: units
else
all: $(BIN)
endif

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(@D)
	cc -std=c17 -O1 -Wall -Wextra -Werror -o $@ $<

$(BUILD)/tools/merge-json: tools/merge-json.c
	@mkdir -p $(@D)
	cc -std=c17 -O1 -Wall -Wextra -Werror -o $@ $< $(shell pkg-config --cflags --libs jansson)

# The folders are prerequisites too, so that removing a fragment remerges.
$(BUILD)/gen/api/openapi.json: $(BUILD)/tools/merge-json web/api/openapi.json $(API_PARTS) web/api
	@mkdir -p $(@D)
	$(BUILD)/tools/merge-json $@ web/api/openapi.json $(API_PARTS)

.SECONDEXPANSION:
$(BUILD)/gen/i18n/%.json: $(BUILD)/tools/merge-json web/i18n/%.json $$(sort $$(wildcard web/i18n/$$*/*.json)) $$(wildcard web/i18n/$$*)
	@mkdir -p $(@D)
	$(BUILD)/tools/merge-json $@ $(filter %.json,$^)

$(BUILD)/gen/embedded.c: $(BUILD)/tools/embed $(EMBED_FILES) $(EMBED_VENDOR) $(MERGED)
	@mkdir -p $(@D)
	$(BUILD)/tools/embed $(EMBED_FILES) $(EMBED_NAMED) > $@.tmp && mv $@.tmp $@

$(EMBED_VENDOR):
	@echo "$@ is missing: run scripts/install-deps (npm ci in web/)" >&2
	@false

$(BUILD)/gen/embedded.o: $(BUILD)/gen/embedded.c
	$(CC) $(ALL_CFLAGS) -Wno-overlength-strings -c -o $@ $<

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(BUILD)/$(MAIN_SRC:.c=.o) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/unit/%: tests/unit/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB) -lcmocka $(LIBS)

$(BUILD)/src/db/db-nolock.o: src/db/db.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -DDB_POOL_NO_LOCK -c -o $@ $<

$(BUILD)/tests/unit/%-nolock: tests/unit/%.c $(BUILD)/src/db/db-nolock.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< \
		$(BUILD)/src/db/db-nolock.o $(LIB) -lcmocka $(LIBS)

$(BUILD)/fuzz/%: fuzz/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(LIBS)

$(BUILD)/bench/%: bench/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(LIBS)

units: $(UNITS_NEED) $(UNIT_BIN)
fuzzers: $(FUZZ_BIN)
benches: $(BIN) $(BENCH_BIN)

deps:
	scripts/install-deps

run: deps
	$(MAKE) all
	scripts/run-demo $(BIN)

test: deps
	$(MAKE) MODE=release all
	$(MAKE) MODE=asan units
	$(MAKE) MODE=tsan units
	$(MAKE) MODE=fuzz fuzzers
	scripts/run-tests

test-cluster: deps
	$(MAKE) MODE=asan all
	scripts/test-cluster

bench: deps
	$(MAKE) MODE=release benches
	bench/run

fuzz: deps
	$(MAKE) MODE=fuzz fuzzers
	scripts/run-fuzz $${FUZZ_SECONDS:-60}

clean:
	rm -rf build

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
