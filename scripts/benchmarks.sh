#!/usr/bin/env bash
# Every benchmark of docs/BENCHMARKS.md, one after the other (never two at once: the machine is the
# instrument). The tables land in benchmarks/target/results/. About 35 minutes on 2 cores;
# "scripts/benchmarks.sh quick" checks that everything runs, in a few minutes, with numbers that mean nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
export PATH="$JAVA_HOME/bin:$PATH"
out=benchmarks/target/results

harness=()
network=()
jmh=()
fetchMb=50
if [ "${1:-}" = quick ]; then
    harness=(-Demailra.bench.warmUpRounds=0 -Demailra.bench.rounds=1 -Demailra.bench.roundMillis=300
             -Demailra.bench.callers=100)
    network=(-Demailra.bench.network.messages=50 -Demailra.bench.network.connectMessages=5
             -Demailra.bench.network.loopbackRounds=1)
    jmh=(-wi 1 -i 1 -w 1s -r 1s)
    fetchMb=5
fi

# Dovecot and Postfix from Debian's packages on 127.0.0.1 (installed and started if needed).
scripts/mail-servers.sh start
mvn -B -q -DskipTests package -pl benchmarks -am
rm -rf "$out" && mkdir -p "$out"
classpath="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"

# 1. Throughput against the real servers and GreenMail, contenders alternating round by round; then
# 64 threads on an emailra pool of 10 against Dovecot's and Postfix's shipped limits ("crowd").
java -Xmx2g "${harness[@]}" -cp "$classpath" io.emailra.bench.Benchmarks "$out/harness.md"

# 1b. Over a played network (TcpProxy delaying each way; 0, 5 and 20 ms round-trip time): batches of
# SMTP sends and IMAP fetches, and the round trips each costs. About 5 minutes.
java -Xmx2g "${network[@]}" -cp "$classpath" io.emailra.bench.Benchmarks "$out/network.md" network

# 2. JMH: the cost of choosing a connection, on 1 and on 4 threads; what emailra adds to one send.
for threads in 1 4; do
    java -cp "$classpath" org.openjdk.jmh.Main ConnectionChoiceBenchmark -t "$threads" "${jmh[@]}" \
        | tee "$out/jmh-choice-t$threads.txt" | grep -E "^(Benchmark|ConnectionChoice)"
done
java -cp "$classpath" org.openjdk.jmh.Main SendOverheadBenchmark "${jmh[@]}" \
    | tee "$out/jmh-send.txt" | grep -E "^(Benchmark|SendOverhead)"

# 3. The heap that fetching one large IMAP message adds (emailra's detached MimeMessage against Angus
# streaming it and Angus's own copy), then whether a 60 MB message can be fetched in a heap of 150 MB
# (prints OK or OutOfMemoryError).
java -Xmx1g -XX:+UseG1GC -cp "$classpath" io.emailra.bench.FetchHeap "$fetchMb" "$out/fetch-heap.md"
java -Xmx150m -XX:+UseG1GC -cp "$classpath" io.emailra.bench.FetchHeap check 60 | tee "$out/fetch-heap-check.txt"
# Streaming needs no heap for the message: 50 MB through a JVM whose whole heap is 8 MB.
java -Xmx8m -XX:+UseG1GC -cp "$classpath" io.emailra.bench.FetchHeap check-streaming 50 | tee -a "$out/fetch-heap-check.txt"

# 4. An allocate/close cycle through Payara's pool, inbound delivery (IDLE against polling, a burst),
#    and business transactions sending with IMMEDIATE against ON_COMMIT, in embedded Payara.
mvn -B -q verify -pl arquillian-tests -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=PoolCycleBenchmark,InboundLatencyBenchmark,OnCommitBenchmark -Dfailsafe.failIfNoSpecifiedTests=false
cp arquillian-tests/target/in-container-benchmark.md arquillian-tests/target/inbound-benchmark.md \
    arquillian-tests/target/on-commit-benchmark.md "$out/"

echo "results: $out"
cat "$out/harness.md" "$out/network.md" "$out/fetch-heap.md" "$out/fetch-heap-check.txt" "$out/in-container-benchmark.md" "$out/inbound-benchmark.md" \
    "$out/on-commit-benchmark.md"
grep -hE "^(Benchmark|ConnectionChoice|SendOverhead)" "$out"/jmh-*.txt
