// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using DataGuard.Testing;
using Xunit;

namespace DataGuard.IntegrationTests.Retention;

[Collection(PostgresCollection.Name)]
public sealed class DiamondDependentsPostgresTests(PostgresFixture database) : DiamondDependentsTests<PostgresFixture>(database);
