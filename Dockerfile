# The application image used by docker-compose.yml. Build the jar first: ./mvnw -DskipTests package
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY app/target/par-ledger.jar /app/par-ledger.jar
# The application listens on loopback unless told otherwise; in a container, every interface of the container.
ENV SERVER_ADDRESS=0.0.0.0
EXPOSE 8080
ENTRYPOINT ["java", "-Daxoniq.update-checker.disabled=true", "-jar", "/app/par-ledger.jar"]
