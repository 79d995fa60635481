//! A fresh PostgreSQL database per test, on the server that `MYOSITIS_TEST_POSTGRES_URL` names
//! (`bash .ci/postgres` starts one; `.ci/run` does). The database is created through that URL (its role may
//! create databases) and dropped when the handle is dropped, even after a failed assertion.

use std::io::Write;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use sqlx::{AssertSqlSafe, Connection, Executor, PgConnection};

/// The variable naming the test server: `postgres://user:password@127.0.0.1:port/database`.
pub const URL_VAR: &str = "MYOSITIS_TEST_POSTGRES_URL";

/// A database made for one test, dropped with this handle.
pub struct TestDatabase {
    admin_url: String,
    name: String,
    url: String,
}

impl TestDatabase {
    /// Creates the database, or says why the test is skipped and returns `None` when no server is named.
    /// Under CI (`CI` set) a missing server fails the test instead: `.ci/run` always starts one.
    pub async fn create(test: &str) -> Option<Self> {
        let Ok(admin_url) = std::env::var(URL_VAR) else {
            assert!(
                std::env::var_os("CI").is_none(),
                "{test}: {URL_VAR} is not set under CI (.ci/run sources .ci/postgres)"
            );
            // Straight to stderr: the test harness would hide eprintln! of a passing test.
            let _ =
                writeln!(std::io::stderr(), "{test} skipped: {URL_VAR} not set (bash .ci/postgres starts a server)");
            return None;
        };
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let name = format!("myositis_test_{}_{}_{nanos}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
        let mut admin = PgConnection::connect(&admin_url).await.expect("connects to the test server");
        admin.execute(AssertSqlSafe(format!("CREATE DATABASE {name}"))).await.expect("creates a test database");
        admin.close().await.expect("closes the admin connection");
        let url = with_database(&admin_url, &name);
        Some(Self { admin_url, name, url })
    }

    /// The URL of this test's database.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        // Drop runs outside async code's reach: a thread of its own, with a runtime of its own. FORCE ends the
        // connections the test's pools may still hold.
        let admin_url = self.admin_url.clone();
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            runtime.block_on(async {
                let mut admin = PgConnection::connect(&admin_url).await?;
                admin.execute(AssertSqlSafe(sql)).await?;
                admin.close().await
            })?;
            Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("could not drop the test database {}", self.name);
        }
    }
}

/// `url` with its database (the path) replaced by `name`, keeping any `?parameters`.
fn with_database(url: &str, name: &str) -> String {
    let (base, params) = match url.split_once('?') {
        Some((base, params)) => (base, Some(params)),
        None => (url, None),
    };
    let authority = base.find("://").map_or(0, |i| i + 3);
    let path = base[authority..].find('/').map_or(base.len(), |i| authority + i);
    let params = params.map(|p| format!("?{p}")).unwrap_or_default();
    format!("{}/{name}{params}", &base[..path])
}
