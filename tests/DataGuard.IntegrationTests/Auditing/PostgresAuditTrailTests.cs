// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using DataGuard.Testing;
using Xunit;

namespace DataGuard.IntegrationTests.Auditing;

[Collection(PostgresCollection.Name)]
public sealed class PostgresAuditTrailTests(PostgresFixture database) : AuditTrailTests<PostgresFixture>(database);
