// The graph model's constraints and indexes. Applied idempotently by `coordgraph db migrate` and before every load.
CREATE CONSTRAINT account_id IF NOT EXISTS FOR (a:Account) REQUIRE a.id IS UNIQUE;
CREATE CONSTRAINT tweet_id IF NOT EXISTS FOR (t:Tweet) REQUIRE t.id IS UNIQUE;
CREATE CONSTRAINT hashtag_name IF NOT EXISTS FOR (h:Hashtag) REQUIRE h.name IS UNIQUE;
CREATE CONSTRAINT url_url IF NOT EXISTS FOR (u:Url) REQUIRE u.url IS UNIQUE;
CREATE CONSTRAINT domain_name IF NOT EXISTS FOR (d:Domain) REQUIRE d.name IS UNIQUE;
CREATE CONSTRAINT dataset_name IF NOT EXISTS FOR (d:Dataset) REQUIRE d.name IS UNIQUE;
CREATE CONSTRAINT analysis_run_id IF NOT EXISTS FOR (r:AnalysisRun) REQUIRE r.id IS UNIQUE;
CREATE INDEX tweet_time IF NOT EXISTS FOR (t:Tweet) ON (t.time);
CREATE INDEX account_screen_name IF NOT EXISTS FOR (a:Account) ON (a.screenName);
CREATE INDEX analysis_run_created IF NOT EXISTS FOR (r:AnalysisRun) ON (r.createdAt);
