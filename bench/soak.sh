#!/usr/bin/env bash
# Soak: orders at a steady rate through hub replicas (separate JVMs from target/hub.jar, with the chaos bench's Kafka
# process, PostgreSQL, RabbitMQ and sandbox) for a number of minutes; one row a minute with heap after GC per
# replica, step-ledger rows updated that minute and database operations per completed order. What must hold: all
# three flat from the first minute to the last, not growing with the steps ever done.
#
# Usage: bench/soak.sh [minutes=10] [orders-per-second=5] [replicas=2]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/replicas-classpath.sh

echo "soak: ${3:-2} replicas, $(nproc) cores, ${2:-5} orders/s for ${1:-10} minutes"
exec java -Xmx512m -Dlogback.configurationFile=bench/logback-bench.xml -cp "$REPLICAS_CP" com.acme.hub.replicas.SoakBench "$@" 2> target/soak-bench.log
