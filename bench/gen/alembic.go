package gen

import (
	"fmt"
	"strconv"
	"strings"
)

// AlembicURLEnv is the environment variable the generated env.py reads the
// SQLAlchemy database URL from.
const AlembicURLEnv = "BENCH_ALEMBIC_URL"

// AlembicQueriesEnv names the file the generated env.py writes the number
// of statements it sent to (counted with SQLAlchemy's
// before_cursor_execute event); unset, it writes nothing.
const AlembicQueriesEnv = "BENCH_ALEMBIC_QUERIES"

// RecursionLimit is what the generated env.py raises Python's recursion
// limit to: SQLAlchemy 1.4's reflection, which Alembic 1.8 uses, follows
// each foreign key to the table it references recursively, and a chain of
// 1,000 foreign keys exceeds Python's default limit of 1,000.
const RecursionLimit = 20000

// AlembicRecursionEnv names the variable that overrides RecursionLimit in
// the generated env.py; 0 keeps Python's default.
const AlembicRecursionEnv = "BENCH_ALEMBIC_RECURSION_LIMIT"

// Alembic returns an Alembic project (alembic.ini, env.py, script.py.mako,
// an empty versions folder) whose target_metadata is the SQLAlchemy
// declarative models of tables in models.py.
func Alembic(tables []Table) Files {
	return Files{
		"alembic.ini":    []byte(alembicINI),
		"env.py":         []byte(fmt.Sprintf(envPy, RecursionLimit, AlembicURLEnv, AlembicQueriesEnv, AlembicRecursionEnv)),
		"script.py.mako": []byte(scriptMako),
		"versions/.keep": nil,
		"models.py":      []byte(SQLAlchemy(tables)),
	}
}

// SQLAlchemy returns a Python module declaring tables as SQLAlchemy
// declarative models on Base, with the same types, nullability, server
// defaults, keys, constraint and index names as the Go models.
func SQLAlchemy(tables []Table) string {
	var b strings.Builder
	b.WriteString(`"""The benchmark's tables as SQLAlchemy declarative models (generated)."""
from sqlalchemy import (BigInteger, Boolean, Column, DateTime, ForeignKey, Index,
                        Integer, Numeric, String, Text, UniqueConstraint, text)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import declarative_base

Base = declarative_base()
`)
	for i := range tables {
		t := &tables[i]
		fmt.Fprintf(&b, "\n\nclass %s(Base):\n    __tablename__ = %s\n    __table_args__ = (\n", t.Struct, py(t.Name))
		fmt.Fprintf(&b, "        UniqueConstraint(%s, name=%s),\n", py(t.Code), py(t.UniqueName()))
		fmt.Fprintf(&b, "        Index(%s, \"prev_id\"),\n", py(t.PrevIndexName()))
		if len(t.Composite) > 0 {
			cols := make([]string, len(t.Composite))
			for j, c := range t.Composite {
				cols[j] = py(c)
			}
			fmt.Fprintf(&b, "        Index(%s, %s),\n", py(t.CompositeIndexName()), strings.Join(cols, ", "))
		}
		b.WriteString("    )\n")
		for _, c := range t.Columns {
			args := []string{c.PyType}
			if c.Name == "prev_id" && t.References != "" {
				fk := fmt.Sprintf("ForeignKey(%s, name=%s", py(t.References+".id"), py(t.ForeignKeyName()))
				if t.OnDelete != "" {
					fk += ", ondelete=" + py(t.OnDelete)
				}
				args = append(args, fk+")")
			}
			if c.Name == "id" {
				args = append(args, "primary_key=True", "autoincrement=False")
			} else {
				args = append(args, "nullable="+map[bool]string{true: "True", false: "False"}[c.Nullable])
			}
			if c.Default != "" {
				args = append(args, "server_default=text("+py(c.Default)+")")
			}
			fmt.Fprintf(&b, "    %s = Column(%s)\n", c.Name, strings.Join(args, ", "))
		}
	}
	return b.String()
}

// py quotes s as a Python string literal (Go's quoting is valid Python for
// the ASCII names and SQL the generator writes).
func py(s string) string { return strconv.Quote(s) }

const alembicINI = `# Alembic configuration of schemagen's benchmark (generated).
[alembic]
script_location = .
`

// envPy is env.py; its verbs are the recursion limit and the names of the
// URL, query-count and recursion-limit variables.
const envPy = `"""Alembic environment of schemagen's benchmark (generated).

Online mode only: connects to the URL in $%[2]s, compares the database
with models.Base.metadata (compare_type=True; server defaults are not
compared, Alembic's default; schemagen's version table is left out, as
Alembic leaves out its own), and, when $%[3]s names a file, writes the
number of statements sent to the database into it.

SQLAlchemy's reflection follows each foreign key to the table it references
recursively: a chain of 1,000 foreign keys needs more than Python's default
recursion limit, so env.py raises it to %[1]d ($%[4]s overrides it; 0 keeps
the default).
"""
import os
import sys

limit = int(os.environ.get("%[4]s", "%[1]d"))
if limit > 0:
    sys.setrecursionlimit(limit)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from alembic import context
from sqlalchemy import create_engine, event

import models

engine = create_engine(os.environ["%[2]s"])
statements = 0


@event.listens_for(engine, "before_cursor_execute")
def _count(conn, cursor, statement, parameters, context_, executemany):
    global statements
    statements += 1


def include_name(name, type_, parent_names):
    # schemagen's own tables: the version table and its fingerprints.
    return not (type_ == "table" and name in ("schemagen_version", "schemagen_version_fingerprint", "schemagen_version_progress"))


with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=models.Base.metadata,
                      compare_type=True, include_name=include_name)
    with context.begin_transaction():
        context.run_migrations()

out = os.environ.get("%[3]s")
if out:
    with open(out, "w") as f:
        f.write(str(statements))
`

const scriptMako = `"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

# revision identifiers, used by Alembic.
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade():
    ${upgrades if upgrades else "pass"}


def downgrade():
    ${downgrades if downgrades else "pass"}
`
