# EventScope — the two commands: `make run` and `make test`.
# Both install what is missing (Debian packages, only when `dpkg -s` says they are absent).

SWIFT       ?= swift
STORE       ?= sqlite:eventscope.sqlite
DEB_PACKAGES = libsqlite3-dev sqlite3 libncurses-dev libhiredis-dev redis-server redis-tools tmux
SUDO        := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test examples deps build build-release bench clean

## Install what is missing, build, and open the explorer on the embedded SQLite store.
run: deps build-release
	.build/release/eventscope --store '$(STORE)' $(ARGS)

## Install what is missing, build, start a private redis-server, and run every test; then
## build and test the example packages (they depend on EventScope by path).
## One test at a time (`--no-parallel`, about 3 minutes): on two cores, hundreds of tests at
## once starve each other for tens of seconds, and the tests that time a wake-up, an eviction
## or a lag then measure the crowd instead of the code.
test: deps
	$(SWIFT) build --build-tests
	@set -e; \
	scripts/redis-test-server.sh start; \
	trap 'scripts/redis-test-server.sh stop' EXIT; \
	EVENTSCOPE_TEST_REDIS_URL=$$(scripts/redis-test-server.sh url) $(SWIFT) test --skip-build --no-parallel
	$(MAKE) examples

## The example packages: build and test each (its own .build, no Redis needed).
examples:
	cd Examples/BookLoans && $(SWIFT) build --build-tests && $(SWIFT) test --skip-build
	cd Examples/ShoppingCart && $(SWIFT) build --build-tests && $(SWIFT) test --skip-build

## The benchmark (release build): `make bench ARGS=--quick`.
bench: deps build-release
	.build/release/eventscope bench --store '$(STORE)' $(ARGS)

deps:
	@missing=""; \
	for p in $(DEB_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	fi

build: deps
	$(SWIFT) build

build-release: deps
	$(SWIFT) build -c release --product eventscope

clean:
	rm -rf .build Examples/*/.build
