// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using DataGuard.Testing;
using Xunit;

namespace DataGuard.IntegrationTests.Retention;

[Collection(PostgresCollection.Name)]
public sealed class ClockRetentionPostgresTests(PostgresFixture database) : ClockRetentionTests<PostgresFixture>(database)
{
    protected override TimeSpan Resolution => TimeSpan.FromMicroseconds(1);
}
