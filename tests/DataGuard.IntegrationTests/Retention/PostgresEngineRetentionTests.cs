// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using DataGuard.Testing;
using Xunit;

namespace DataGuard.IntegrationTests.Retention;

[Collection(PostgresCollection.Name)]
public sealed class PostgresEngineRetentionTests(PostgresFixture database) : EngineRetentionTests<PostgresFixture>(database)
{
    protected override string CollectionParameterSql => "ANY (";

    protected override bool RejectsRawDateTimeOffset => false;
}
