// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using DataGuard.Testing;
using Xunit;
using Xunit.Abstractions;

namespace DataGuard.IntegrationTests.Retention;

[Collection(PostgresCollection.Name)]
public sealed class TwoSchedulerPostgresTests(PostgresFixture database, ITestOutputHelper output) : TwoSchedulerRetentionTests<PostgresFixture>(database, output);
