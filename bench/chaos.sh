#!/usr/bin/env bash
# Nothing lost, nothing doubled, at scale: three hub replicas (separate JVMs from target/hub.jar) on one Kafka broker
# process, PostgreSQL and RabbitMQ, with the sandbox as a fourth process, take orders at a steady rate while, in turn,
# a replica is killed with SIGKILL mid-step, the Kafka broker is killed and restarted, and the replicas' PostgreSQL
# and RabbitMQ connections are cut and restored. Prints one row per scenario:
#   acknowledged      orders answered 202
#   completed         of those, orders with every step's effect (booked, envelope, signed, contract, status)
#   doubled effects   effects beyond one per order and operation
#   doubled requests  calls the external systems received beyond one per effect (the e-signature OAuth token aside)
#   lost              acknowledged but not completed within the patience
#   time to recover   seconds from the end of the failure until every order acknowledged before then completed
#
# Usage: bench/chaos.sh [orders-per-phase=40] [orders-per-second=5] [patience-seconds=300]
# Needs PostgreSQL and RabbitMQ on localhost as for ./mvnw verify (HUB_TEST_DB_URL, SPRING_RABBITMQ_VIRTUAL_HOST are
# honoured; a database <name>_replicas and a virtual host <vhost>-replicas are created afresh) and rabbitmqctl.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/replicas-classpath.sh

echo "chaos: 3 replicas, $(nproc) cores, ${1:-40} orders per phase at ${2:-5}/s"
exec java -Xmx512m -Dlogback.configurationFile=bench/logback-bench.xml -cp "$REPLICAS_CP" com.acme.hub.replicas.ChaosBench "$@" 2> target/chaos-bench.log
