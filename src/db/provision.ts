/**
 * Provisions Neo4j Community from Maven Central: a tiny pom whose only dependency is `org.neo4j:neo4j`,
 * resolved by `mvn dependency:copy-dependencies` into `lib/`. That closure is, in effect, the
 * distribution's lib folder; the server is then run through `org.neo4j.server.CommunityEntryPoint`.
 * Downloads are reused: Maven keeps its own cache (~/.m2) and a marker file skips the step entirely.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { DatabaseError } from "../errors.ts";
import { localPaths, type LocalServerConfig } from "./config.ts";

function pomFor(version: string): string {
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>coordgraph.local</groupId>
  <artifactId>neo4j-community-server</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.neo4j</groupId>
      <artifactId>neo4j</artifactId>
      <version>${version}</version>
    </dependency>
  </dependencies>
</project>
`;
}

/** Fails with a clear error when Java is missing or too old (Neo4j 5.26 needs 17 or 21). */
export function checkJava(config: LocalServerConfig): string {
  const result = spawnSync(config.java, ["-version"], { encoding: "utf8" });
  if (result.error) {
    throw new DatabaseError("JAVA_MISSING", `Java was not found (tried "${config.java}")`, {
      hint: "install a Java 17 or 21 runtime (e.g. apt-get install openjdk-17-jre-headless) or set JAVA_HOME",
    });
  }
  const text = `${result.stderr}${result.stdout}`;
  const match = /version "(\d+)/.exec(text);
  const major = match ? Number(match[1]) : NaN;
  if (!(major >= 17)) {
    throw new DatabaseError("JAVA_TOO_OLD", `Java ${match?.[1] ?? "of unknown version"} found at "${config.java}"; Neo4j 5 needs Java 17 or 21`, {
      hint: "install Java 17 and set JAVA_HOME",
    });
  }
  return text.split("\n")[0] ?? "";
}

export function isProvisioned(config: LocalServerConfig): boolean {
  return fs.existsSync(localPaths(config).provisionedMarker);
}

/** Downloads the server's jars once; later calls return at once. */
export function provisionServer(config: LocalServerConfig, log: (line: string) => void = () => {}): void {
  const paths = localPaths(config);
  if (isProvisioned(config)) return;
  checkJava(config);
  fs.mkdirSync(paths.dist, { recursive: true, mode: 0o700 });
  fs.writeFileSync(paths.pom, pomFor(config.version));
  log(`Downloading Neo4j ${config.version} from Maven Central into ${paths.lib} (once)...`);
  const mvn = process.env.COORDGRAPH_MVN ?? "mvn";
  const result = spawnSync(mvn, ["-q", "-B", "-f", paths.pom, "dependency:copy-dependencies", `-DoutputDirectory=${paths.lib}`], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (result.error) {
    throw new DatabaseError("MAVEN_MISSING", `Maven was not found (tried "${mvn}")`, {
      hint: "install Maven (apt-get install maven) or set NEO4J_URI to use an existing Neo4j server",
    });
  }
  if (result.status !== 0) {
    const tail = `${result.stdout}${result.stderr}`.trim().split("\n").slice(-3).join(" | ");
    throw new DatabaseError("PROVISION_FAILED", `Maven could not fetch org.neo4j:neo4j:${config.version}: ${tail}`, {
      hint: "check access to Maven Central, or set COORDGRAPH_NEO4J_VERSION",
    });
  }
  fs.writeFileSync(paths.provisionedMarker, new Date().toISOString());
}
