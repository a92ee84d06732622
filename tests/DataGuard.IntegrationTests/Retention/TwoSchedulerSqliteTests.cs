// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using DataGuard.Testing;
using Xunit;
using Xunit.Abstractions;

namespace DataGuard.IntegrationTests.Retention;

[Collection(SqliteCollection.Name)]
public sealed class TwoSchedulerSqliteTests(SqliteFixture database, ITestOutputHelper output) : TwoSchedulerRetentionTests<SqliteFixture>(database, output);
