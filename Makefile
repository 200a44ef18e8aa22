# Meshgate: the two set-up commands are `make run` and `make test`.
# Both find a JDK >= 21 by themselves (JAVA_HOME, then PATH, then /usr/lib/jvm).
SHELL := /bin/bash
JAVA_HOME := $(shell bin/find-jdk)
export JAVA_HOME
export PATH := $(JAVA_HOME)/bin:$(PATH)
MVN := mvn -B -ntp -Dorg.jooq.no-logo=true -Dorg.jooq.no-tips=true
export MAVEN_OPTS ?= -XX:+UseParallelGC -XX:TieredStopAtLevel=1

.PHONY: run test build clean check-jdk bench

check-jdk:
	@test -n "$(JAVA_HOME)" || { echo "No JDK >= 21 found. Install one (e.g. apt-get install temurin-25-jdk or openjdk-21-jdk) or set JAVA_HOME." >&2; exit 1; }

build: check-jdk
	$(MVN) -q -DskipTests install

# Builds when sources changed, then starts Meshgate in the foreground (heap capped at 256 MiB by
# bin/meshgate up; MESHGATE_JVM_OPTS=-Xmx1g gives more).
run: check-jdk
	@bin/meshgate up

test: check-jdk
	@bin/test-deps
	$(MVN) verify
	bin/test-aot-cache
	examples/run-all.sh

bench: check-jdk
	bin/bench

clean: check-jdk
	$(MVN) -q clean
