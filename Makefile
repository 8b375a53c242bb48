# Coffer: the two commands are `make run` and `make test` (see README.md).
MVN ?= mvn
MVN_FLAGS ?= -B -ntp
JAR := gateway/target/coffer.jar
SOURCES := $(shell find pom.xml */pom.xml storage-engine/src s3-compat/src gateway/src -type f 2>/dev/null)

.PHONY: run test build clean crash-test bench bench-engine

run: $(JAR)
	java -jar $(JAR) serve --data-dir ./var

$(JAR): $(SOURCES)
	$(MVN) $(MVN_FLAGS) -DskipTests -pl gateway -am package

build: $(JAR)

test:
	$(MVN) $(MVN_FLAGS) test

clean:
	$(MVN) $(MVN_FLAGS) clean

# The kill -9 crash harness, long form (docs/durability.md). The short form (3 kills) runs inside `make test`.
CRASH_KILLS ?= 50
crash-test:
	$(MVN) $(MVN_FLAGS) -pl test-suite -am test -Dtest=CrashHarnessIT -Dsurefire.failIfNoSpecifiedTests=false \
		-Dcoffer.crash.kills=$(CRASH_KILLS)
