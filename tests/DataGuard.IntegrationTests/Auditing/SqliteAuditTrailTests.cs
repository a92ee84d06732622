// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using DataGuard.Testing;
using Xunit;

namespace DataGuard.IntegrationTests.Auditing;

[Collection(SqliteCollection.Name)]
public sealed class SqliteAuditTrailTests(SqliteFixture database) : AuditTrailTests<SqliteFixture>(database);
