-- A database made by the pre-Alembic store (commit ac02a58, schema.py MIGRATIONS with PRAGMA user_version = 1):
-- two reports, facts, section versions with an undo, suggestions, chat, an import and a setting.
-- sqlite3's iterdump() of that file; it does not keep user_version, so the last line sets it.
BEGIN TRANSACTION;
CREATE TABLE chat_messages (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id),
        section_id TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'error')),
        content TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
INSERT INTO "chat_messages" VALUES(1,1,'overview','user','请润色','2026-11-30 03:37:25');
INSERT INTO "chat_messages" VALUES(2,1,'overview','assistant','已给出修改建议','2026-11-30 03:37:25');
CREATE TABLE imports (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id),
        file_name TEXT NOT NULL,
        text TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
INSERT INTO "imports" VALUES(1,2,'2022年报告.docx','北塘县教育局2022年度部门整体支出绩效自评报告……','2026-11-30 03:37:25');
CREATE TABLE projects (
        id INTEGER PRIMARY KEY,
        unit_id INTEGER NOT NULL REFERENCES units(id),
        year INTEGER NOT NULL,
        profile TEXT NOT NULL,
        facts_json TEXT NOT NULL DEFAULT '{}',
        facts_revision INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (unit_id, year)
    );
INSERT INTO "projects" VALUES(1,1,2022,'hunan-department','{"单位": {"名称": "清河区政协机关", "年度": 2022}, "人员编制": {"编制数": 38, "实有人数": 36}}',2,'2026-11-30 03:37:25','2026-11-30 03:37:25');
INSERT INTO "projects" VALUES(2,2,2023,'hubei-department','{"单位": {"名称": "北塘县教育局", "年度": 2023}, "存在问题": [{"问题": "项目支出进度偏慢", "原因": "资金下达较晚"}]}',1,'2026-11-30 03:37:25','2026-11-30 03:37:25');
CREATE TABLE section_versions (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id),
        section_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        parent_id INTEGER REFERENCES section_versions(id),
        text TEXT NOT NULL,
        source TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        UNIQUE (project_id, section_id, seq)
    );
INSERT INTO "section_versions" VALUES(1,1,'overview',1,NULL,'一、部门概况
第一稿。','draft','','2026-11-30 03:37:25');
INSERT INTO "section_versions" VALUES(2,1,'overview',2,1,'一、部门概况
第二稿，补充了机构设置。','edit','','2026-11-30 03:37:25');
INSERT INTO "section_versions" VALUES(3,1,'overview',3,1,'一、部门概况
第三稿。','edit','','2026-11-30 03:37:25');
INSERT INTO "section_versions" VALUES(4,1,'budget',1,NULL,'二、预算执行情况
2022年预算收入1256.40万元。','draft','','2026-11-30 03:37:25');
INSERT INTO "section_versions" VALUES(5,2,'problems',1,NULL,'五、存在的主要问题
项目支出进度偏慢。','draft','','2026-11-30 03:37:25');
INSERT INTO "section_versions" VALUES(6,2,'problems',2,5,'五、存在的主要问题
改写后的问题。','accept','改写','2026-11-30 03:37:25');
CREATE TABLE sections (
        project_id INTEGER NOT NULL REFERENCES projects(id),
        section_id TEXT NOT NULL,
        head_id INTEGER REFERENCES section_versions(id),
        revision INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (project_id, section_id)
    );
INSERT INTO "sections" VALUES(1,'overview',3,4);
INSERT INTO "sections" VALUES(1,'budget',4,1);
INSERT INTO "sections" VALUES(2,'problems',6,2);
CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
INSERT INTO "settings" VALUES('llm','{"backend": "template"}');
CREATE TABLE suggestions (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id),
        section_id TEXT NOT NULL,
        base_version_id INTEGER REFERENCES section_versions(id),
        base_text TEXT NOT NULL,
        proposed_text TEXT NOT NULL,
        operation TEXT NOT NULL,
        instruction TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'applied', 'rejected', 'superseded')),
        decisions_json TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        closed_at TEXT
    );
INSERT INTO "suggestions" VALUES(1,1,'overview',3,'一、部门概况
第三稿。','一、部门概况
润色后的第三稿。','润色','','open','{"0": true}','2026-11-30 03:37:25',NULL);
INSERT INTO "suggestions" VALUES(2,2,'problems',5,'五、存在的主要问题
项目支出进度偏慢。','五、存在的主要问题
改写后的问题。','改写','写具体些','applied','{}','2026-11-30 03:37:25','2026-11-30 03:37:25');
CREATE TABLE units (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
    );
INSERT INTO "units" VALUES(1,'清河区政协机关','2026-11-30 03:37:25');
INSERT INTO "units" VALUES(2,'北塘县教育局','2026-11-30 03:37:25');
CREATE INDEX chat_by_section ON chat_messages (project_id, section_id, id);
CREATE INDEX suggestions_by_section ON suggestions (project_id, section_id, status);
COMMIT;
PRAGMA user_version = 1;
