// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using DataGuard.Testing;
using Xunit;

namespace DataGuard.IntegrationTests.Retention;

[Collection(PostgresCollection.Name)]
public sealed class InheritedHoldPostgresTests(PostgresFixture database) : InheritedHoldTests<PostgresFixture>(database);
