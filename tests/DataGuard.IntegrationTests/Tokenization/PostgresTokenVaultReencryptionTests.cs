// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using DataGuard.Testing;
using Xunit;

namespace DataGuard.IntegrationTests.Tokenization;

[Collection(PostgresCollection.Name)]
public sealed class PostgresTokenVaultReencryptionTests(PostgresFixture database) : TokenVaultReencryptionTests<PostgresFixture>(database);
