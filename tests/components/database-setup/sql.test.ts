import * as assert from "node:assert/strict";
import { afterPromotionSql } from "../../../components/database-setup/after-promotion-sql";
import { sourceSetupSql } from "../../../components/database-setup/source-setup-sql";
import { adminConnection, asAdmin, asUser, dropDatabase, runScript, unique } from "./database";

// The setup scripts against a real PostgreSQL (.ci/services), logged in as the clouds' admin users are:
// never a superuser. Aurora's master user is an rds_superuser, which may create pglogical and grant
// `rds_replication`; the stand-in gets exactly those rights from the local superuser. Cloud SQL's `postgres`
// user is a CREATEROLE and CREATEDB login that owns nothing DMS migrated; the stand-in is the same.

describe("database setup scripts (against PostgreSQL)", function () {
  this.timeout(30000);

  describe("sourceSetupSql: the application user and a DMS source on Aurora", () => {
    const master = { user: unique("master"), password: "master-secret", database: "postgres" };
    const app = { user: unique("app"), password: "app-secret-1", database: unique("appdb") };
    const replication = { user: unique("dms"), password: "dms-secret" };
    const variables = (appPassword = app.password) => ({
      app_user: app.user,
      app_password: appPassword,
      app_database: app.database,
      replication_user: replication.user,
      replication_password: replication.password,
    });
    const script = sourceSetupSql({ dmsSource: true });

    before(() => {
      adminConnection();
      asAdmin(`SELECT 'CREATE ROLE rds_replication NOLOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rds_replication') \\gexec
CREATE ROLE ${master.user} LOGIN PASSWORD '${master.password}' CREATEDB CREATEROLE;`);
      for (const database of ["template1", "postgres"]) {
        // What Aurora's rds_superuser holds over pglogical: the extension is there for it to use and grant.
        // pgaudit too: rds_superuser may create it, the stand-in may not, so it is there already (and, in
        // template1, in every database created after).
        asAdmin(
          `CREATE EXTENSION IF NOT EXISTS pgaudit;
CREATE EXTENSION IF NOT EXISTS pglogical;
GRANT USAGE ON SCHEMA pglogical TO ${master.user} WITH GRANT OPTION;
GRANT SELECT ON ALL TABLES IN SCHEMA pglogical TO ${master.user} WITH GRANT OPTION;`,
          database,
        );
      }
    });

    after(() => {
      dropDatabase(app.database);
      for (const database of ["template1", "postgres"]) {
        for (const role of [replication.user, app.user, master.user]) {
          asAdmin(`DROP OWNED BY ${role};`, database);
        }
      }
      asAdmin(`DROP ROLE IF EXISTS ${replication.user}; DROP ROLE IF EXISTS ${app.user}; DROP ROLE ${master.user};`);
    });

    it("runs as the master user (no superuser) and gives the application a database it owns", () => {
      const run = runScript(master, script, variables());
      assert.equal(run.status, 0, run.stderr);
      const created = asUser(
        app.user,
        app.password,
        app.database,
        "CREATE TABLE orders (id bigserial PRIMARY KEY, note text); INSERT INTO orders (note) VALUES ('a') RETURNING id;",
      );
      assert.equal(created.status, 0, created.stderr);
      assert.equal(asAdmin(`SELECT tableowner FROM pg_tables WHERE tablename = 'orders'`, app.database), app.user);
    });

    it("gives DMS a replication user of its own that reads what the application creates later", () => {
      assert.equal(asAdmin(`SELECT pg_has_role('${replication.user}', 'rds_replication', 'member')`), "t");
      assert.equal(
        asAdmin(`SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = '${replication.user}'`),
        "f",
      );
      const read = asUser(
        replication.user,
        replication.password,
        app.database,
        "SELECT count(*) FROM orders; SELECT count(*) FROM pglogical.node;",
      );
      assert.equal(read.status, 0, read.stderr);
      assert.deepEqual(read.stdout.split("\n"), ["1", "0"]);
      const inPostgres = asUser(
        replication.user,
        replication.password,
        "postgres",
        "SELECT count(*) FROM pglogical.node;",
      );
      assert.equal(inPostgres.status, 0, inPostgres.stderr);
      const write = asUser(
        replication.user,
        replication.password,
        app.database,
        "INSERT INTO orders (note) VALUES ('x');",
      );
      assert.notEqual(write.status, 0);
    });

    it("runs again without error and moves a rotated password to the database", () => {
      const run = runScript(master, script, variables("app-secret-2"));
      assert.equal(run.status, 0, run.stderr);
      assert.equal(asUser(app.user, "app-secret-2", app.database, "SELECT 1").status, 0);
      assert.match(asUser(app.user, app.password, app.database, "SELECT 1").stderr, /password authentication failed/);
    });

    it("fails, and says why, when the master password is wrong", () => {
      const run = runScript({ ...master, password: "wrong" }, script, variables());
      assert.notEqual(run.status, 0);
      assert.match(run.stderr, /password authentication failed/);
    });

    it("leaves replication alone where no DMS job reads the database", () => {
      const plain = sourceSetupSql();
      assert.doesNotMatch(plain, /pglogical|replication_user/);
    });

    it("creates pgaudit in every database it sets up, and the server audits the role changes", () => {
      for (const database of ["postgres", app.database]) {
        assert.equal(
          asAdmin("SELECT extname FROM pg_extension WHERE extname = 'pgaudit';", database).trim(),
          "pgaudit",
        );
      }
      assert.doesNotMatch(sourceSetupSql({ audit: false }), /pgaudit/);
      // The library the cluster preloads answers: pgaudit.log is a setting only it defines.
      assert.match(asAdmin("SHOW shared_preload_libraries;"), /pgaudit/);
    });
  });

  describe("afterPromotionSql: Cloud SQL after DMS promoted it", () => {
    const admin = { user: unique("cloudsql"), password: "cloudsql-secret", database: "postgres" };
    const owner = unique("dmsowner");
    const app = { user: unique("app"), password: "app-secret", database: unique("promoted") };
    const variables = {
      app_user: app.user,
      app_password: app.password,
      app_database: app.database,
      source_owner: owner,
      sequence_gap: "1000",
    };

    before(() => {
      adminConnection();
      // Cloud SQL's postgres user may create pgaudit once the flag loads it; the stand-in finds it in place.
      asAdmin("CREATE EXTENSION IF NOT EXISTS pgaudit;", "template1");
      asAdmin(`CREATE ROLE ${owner} NOLOGIN;
CREATE ROLE ${admin.user} LOGIN PASSWORD '${admin.password}' CREATEROLE CREATEDB;
CREATE DATABASE ${app.database} OWNER ${owner};`);
      // What DMS leaves: tables owned by its role, rows with their keys, sequences never advanced.
      asAdmin(
        `SET ROLE ${owner};
CREATE TABLE orders (id bigserial PRIMARY KEY, note text);
CREATE TABLE events (id int GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY);
CREATE SEQUENCE loose_numbers;
INSERT INTO orders (id, note) VALUES (41, 'a'), (42, 'b');
INSERT INTO events (id) VALUES (7);`,
        app.database,
      );
    });

    after(() => {
      dropDatabase(app.database);
      asAdmin(`DROP ROLE IF EXISTS ${app.user}; DROP ROLE ${admin.user}; DROP ROLE ${owner};`);
    });

    it("runs as Cloud SQL's admin user (no superuser) and names the sequences it cannot reset", () => {
      const run = runScript(admin, afterPromotionSql(), variables);
      assert.equal(run.status, 0, run.stderr);
      assert.ok(run.stdout.includes("sequence not owned by a column, not reset: loose_numbers"), run.stdout);
    });

    it("lets the application log in, own the tables and insert past the migrated keys plus the gap", () => {
      const insert = asUser(
        app.user,
        app.password,
        app.database,
        "INSERT INTO orders (note) VALUES ('c') RETURNING id; INSERT INTO events DEFAULT VALUES RETURNING id;",
      );
      assert.equal(insert.status, 0, insert.stderr);
      assert.deepEqual(insert.stdout.split("\n"), ["1043", "1008"]);
      assert.equal(
        asAdmin(`SELECT string_agg(DISTINCT tableowner, ',') FROM pg_tables WHERE schemaname = 'public'`, app.database),
        app.user,
      );
    });

    it("changes nothing when it runs twice", () => {
      const run = runScript(admin, afterPromotionSql(), variables);
      assert.equal(run.status, 0, run.stderr);
      const next = asUser(app.user, app.password, app.database, "INSERT INTO orders (note) VALUES ('d') RETURNING id;");
      assert.equal(next.stdout, "1044");
    });
  });
});
