// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Reflection;
using Xunit;

namespace DataGuard.Abstractions.Tests;

public sealed class EncryptedAttributeTests
{
    [Fact]
    public void Defaults_NotSearchableDefaultAlgorithmNoOverrides()
    {
        var attribute = new EncryptedAttribute();

        Assert.False(attribute.Searchable);
        Assert.Equal(EncryptionAlgorithm.Default, attribute.Algorithm);
        Assert.Null(attribute.AssociatedDataName);
        Assert.Null(attribute.Normalizer);
        Assert.False(attribute.AllowPlaintextMigration);
    }

    [Fact]
    public void Usage_PropertiesAndFieldsOnceEach()
    {
        var usage = typeof(EncryptedAttribute).GetCustomAttribute<AttributeUsageAttribute>()!;

        Assert.Equal(AttributeTargets.Property | AttributeTargets.Field, usage.ValidOn);
        Assert.False(usage.AllowMultiple);
        Assert.True(typeof(EncryptedAttribute).IsSealed);
    }

    [Fact]
    public void EncryptionAlgorithm_Ids_AreTheOnesWrittenIntoCiphertexts()
    {
        // These numbers are part of the stored format (docs/encryption.md): changing one makes stored values unreadable.
        Assert.Equal(0, (int)EncryptionAlgorithm.Default);
        Assert.Equal(1, (int)EncryptionAlgorithm.Aes256Gcm);
        Assert.Equal(2, (int)EncryptionAlgorithm.XChaCha20Poly1305);
        Assert.Equal(3, (int)EncryptionAlgorithm.Aegis256);
        Assert.Equal(4, Enum.GetValues<EncryptionAlgorithm>().Length);
    }
}
