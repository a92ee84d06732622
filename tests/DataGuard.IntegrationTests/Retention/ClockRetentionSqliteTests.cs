// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard.Testing;
using Xunit;

namespace DataGuard.IntegrationTests.Retention;

[Collection(SqliteCollection.Name)]
public sealed class ClockRetentionSqliteTests(SqliteFixture database) : ClockRetentionTests<SqliteFixture>(database)
{
    protected override TimeSpan Resolution => TimeSpan.FromTicks(1);
}
