# Sourced by bench/chaos.sh and bench/soak.sh: builds the hub jar and the test classes (the replica fixtures live
# there) and sets REPLICAS_CP to the test classpath.
[ -f target/hub.jar ] || ./mvnw -B -q -DskipTests package
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/replicas-classpath.txt \
    -Dmdep.includeScope=test >/dev/null
REPLICAS_CP="target/test-classes:target/classes:$(cat target/replicas-classpath.txt)"
export REPLICAS_CP
