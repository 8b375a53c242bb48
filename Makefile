# Coffer: the two commands are `make run` and `make test` (see README.md).
MVN ?= mvn
MVN_FLAGS ?= -B -ntp
JAR := gateway/target/coffer.jar
SOURCES := $(shell find pom.xml */pom.xml storage-engine/src s3-compat/src gateway/src -type f 2>/dev/null)

.PHONY: run test build clean crash-test bench bench-engine bench-scaleout bench-versioning dist test-cluster

run: $(JAR)
	java -jar $(JAR) serve --data-dir ./var

$(JAR): $(SOURCES)
	$(MVN) $(MVN_FLAGS) -DskipTests -pl gateway -am package

build: $(JAR)

# The tarball is built first so that DistTarballIT can start the gateway from it (it is skipped without one).
test: dist
	$(MVN) $(MVN_FLAGS) test

# dist/coffer-<version>.tar.gz: the jar, bin/coffer, a systemd unit, a sample configuration and the docs.
VERSION := $(shell sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -n 1)
DIST := dist/coffer-$(VERSION)
dist: $(JAR)
	rm -rf $(DIST) $(DIST).tar.gz
	mkdir -p $(DIST)/bin $(DIST)/lib $(DIST)/conf $(DIST)/docs
	cp $(JAR) $(DIST)/lib/coffer.jar
	cp packaging/bin/coffer $(DIST)/bin/coffer
	chmod 0755 $(DIST)/bin/coffer
	cp packaging/coffer.service packaging/coffer.properties $(DIST)/conf/
	cp README.md $(DIST)/
	cp docs/*.md $(DIST)/docs/
	tar -C dist -czf $(DIST).tar.gz coffer-$(VERSION)
	rm -rf $(DIST)
	@echo "built $(DIST).tar.gz"

clean:
	$(MVN) $(MVN_FLAGS) clean
	rm -rf dist

# The kill -9 crash harness, long form (docs/durability.md). The short form (3 kills) runs inside `make test`.
CRASH_KILLS ?= 50
crash-test:
	$(MVN) $(MVN_FLAGS) -pl test-suite -am test -Dtest=CrashHarnessIT -Dsurefire.failIfNoSpecifiedTests=false \
		-Dcoffer.crash.kills=$(CRASH_KILLS)

# JMH benchmarks of the blob engine alone (storage-engine/src/jmh/java, docs/benchmarks.md).
# JMH_ARGS takes the JMH command line, e.g. JMH_ARGS="-i 5 -r 5 SmallWrite".
JMH_ARGS ?=
bench-engine:
	$(MVN) $(MVN_FLAGS) -Pbench -pl storage-engine test-compile dependency:build-classpath \
		-Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
	cd storage-engine && java -cp target/test-classes:target/classes:$$(cat target/bench.classpath) \
		coffer.storage.bench.EngineBench $(JMH_ARGS)

# Whole-gateway load tool (coffer.bench.LoadTool) against Coffer and s3proxy 2.6.0, side by side
# (docs/benchmarks.md). LOAD_ARGS="--large-mib 256 --list-keys 20000" for a quicker run; BENCH_PEER=none.
bench: $(JAR)
	$(MVN) $(MVN_FLAGS) -pl test-suite -am test-compile dependency:build-classpath \
		-Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
	scripts/bench.sh

# The cost of versioning (coffer.bench.VersioningCostAB, docs/benchmarks.md): 4 KiB PUT and GET on a versioned
# bucket against an unversioned one of one gateway, interleaved. VERSIONING_ARGS="--count 5000" for more requests.
bench-versioning: $(JAR)
	$(MVN) $(MVN_FLAGS) -pl test-suite -am test-compile dependency:build-classpath \
		-Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
	scripts/bench-versioning.sh

# Issue 12's scale-out figures (coffer.bench.ScaleOutBench, docs/benchmarks.md): 4 KiB and 64 MiB PUT and GET
# through one gateway on local disks, one on the S3 backend (s3proxy) and two on it, side by side; every server its
# own process on one MariaDB. A few minutes. SCALEOUT_ARGS takes load tool options, e.g. "--rounds 5".
SCALEOUT_ARGS ?=
bench-scaleout: $(JAR)
	$(MVN) $(MVN_FLAGS) -pl test-suite -am test-compile dependency:build-classpath \
		-Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
	cd test-suite && java -cp target/test-classes:$$(cat target/bench.classpath) \
		-Dcoffer.jar=../$(JAR) coffer.bench.ScaleOutBench $(SCALEOUT_ARGS)

# A three-node MariaDB Galera cluster on loopback (Debian's mariadb-server and galera-4, installed when missing:
# CI runs as root), two gateways (own JVMs, S3 blob backend on s3proxy, one cluster key file), kill -9 of a node and
# of a gateway under load, then a partition (docs/cluster.md). Not part of `make test`. About 3-5 minutes.
# Servers a JVM killed abruptly left behind are killed afterwards by the pids the test wrote, and only if they are ours.
CLUSTER_PACKAGES := mariadb-server galera-4 rsync
CLUSTER_PIDS := test-suite/target/galera-cluster.pids
test-cluster:
	@if ! test -x /usr/sbin/mariadbd || ! test -f /usr/lib/galera/libgalera_smm.so || ! command -v rsync >/dev/null; then \
		echo "installing $(CLUSTER_PACKAGES)"; \
		DEBIAN_FRONTEND=noninteractive apt-get -q update && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(CLUSTER_PACKAGES); \
	fi
	@dpkg-query -W -f='$${Package} $${Version}\n' mariadb-server galera-4 2>/dev/null || true
	rm -f $(CLUSTER_PIDS)
	$(MVN) $(MVN_FLAGS) -Pcluster -pl test-suite -am test -Dtest=GaleraFailoverIT \
		-Dsurefire.failIfNoSpecifiedTests=false; rc=$$?; \
	for pid in $$(cat $(CLUSTER_PIDS) 2>/dev/null); do \
		if tr '\0' ' ' < /proc/$$pid/cmdline 2>/dev/null | grep -q coffer-galera-; then kill -9 $$pid; fi; \
	done; exit $$rc
