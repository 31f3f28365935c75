# The application image used by docker-compose.yml. Build the jar first: ./mvnw -DskipTests package
# Layers from Spring Boot's layered jar (dependencies change less often than the application), run as a user of its own.
FROM eclipse-temurin:17-jre AS layers
WORKDIR /build
COPY app/target/par-ledger.jar par-ledger.jar
RUN java -Djarmode=tools -jar par-ledger.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:17-jre
RUN groupadd --system parledger && useradd --system --gid parledger --home-dir /app --shell /usr/sbin/nologin parledger
WORKDIR /app
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/spring-boot-loader/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./
USER parledger
# The application listens on loopback unless told otherwise; in a container, every interface of the container.
ENV SERVER_ADDRESS=0.0.0.0
EXPOSE 8080
# Ready: the database (the embedded server, or Axon Server with the axonserver profile) answers and the sample data
# is in; the overall status, which ends the answer (a component's UP does not count). bash's /dev/tcp, no curl needed.
# DatabaseOutageTest runs this very command against a node with its database up and down.
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '\"status\":\"UP\"}$' <&3"]
ENTRYPOINT ["java", "-Daxoniq.update-checker.disabled=true", "org.springframework.boot.loader.launch.JarLauncher"]
