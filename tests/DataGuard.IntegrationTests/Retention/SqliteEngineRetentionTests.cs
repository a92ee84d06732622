// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using DataGuard.Testing;
using Xunit;

namespace DataGuard.IntegrationTests.Retention;

[Collection(SqliteCollection.Name)]
public sealed class SqliteEngineRetentionTests(SqliteFixture database) : EngineRetentionTests<SqliteFixture>(database)
{
    protected override string CollectionParameterSql => "json_each";

    protected override bool RejectsRawDateTimeOffset => true;
}
