// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Buffers.Text;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using DataGuard.Encryption;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataGuard.Tests.Encryption;

public sealed partial class ColumnProtectorTests
{
    /// <summary>The planted personal value of the failure tests: it must never appear in an exception.</summary>
    private const string Sample = "+91 98765 43210";

    public static TheoryData<EncryptionAlgorithm> AllAlgorithms => new()
    {
        EncryptionAlgorithm.Aes256Gcm,
        EncryptionAlgorithm.XChaCha20Poly1305,
        EncryptionAlgorithm.Aegis256,
    };

    // ---------------------------------------------------------------- round trips

    [Theory]
    [MemberData(nameof(AllAlgorithms))]
    public async Task DecryptString_OwnCiphertext_ReturnsOriginal(EncryptionAlgorithm algorithm)
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var protector = harness.CreateProtector(algorithm: algorithm);
        string[] values = [Sample, string.Empty, "ü€名前🙂", "x", new string('a', 3000), string.Concat(Enumerable.Repeat("é🙂", 400))];

        foreach (var value in values)
        {
            var stored = protector.EncryptString(value);
            Assert.NotEqual(value, stored);
            Assert.Equal(value, protector.DecryptString(stored));
        }
    }

    [Theory]
    [MemberData(nameof(AllAlgorithms))]
    public async Task DecryptBytes_OwnCiphertext_ReturnsOriginal(EncryptionAlgorithm algorithm)
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var protector = harness.CreateProtector(column: "Recording", valueType: typeof(byte[]), algorithm: algorithm);

        foreach (var length in new[] { 0, 1, 2, 100, 5000 })
        {
            var value = RandomNumberGenerator.GetBytes(length);
            Assert.Equal(value, protector.DecryptBytes(protector.EncryptBytes(value)));
        }
    }

    [Theory]
    [MemberData(nameof(AllAlgorithms))]
    public async Task DecryptValue_OwnCiphertext_ReturnsOriginalForEverySupportedType(EncryptionAlgorithm algorithm)
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var protector = harness.CreateProtector(column: "Amount", valueType: typeof(long), algorithm: algorithm);

        Assert.True(RoundTrip(protector, true));
        Assert.False(RoundTrip(protector, false));
        Assert.Equal(short.MinValue, RoundTrip(protector, short.MinValue));
        Assert.Equal(int.MaxValue, RoundTrip(protector, int.MaxValue));
        Assert.Equal(long.MinValue, RoundTrip(protector, long.MinValue));
        Assert.Equal(3.25f, RoundTrip(protector, 3.25f));
        Assert.Equal(double.MaxValue, RoundTrip(protector, double.MaxValue));
        Assert.Equal("1234.5600", RoundTrip(protector, 1234.5600m).ToString(CultureInfo.InvariantCulture));
        var guid = Guid.NewGuid();
        Assert.Equal(guid, RoundTrip(protector, guid));
        var utc = new DateTime(2024, 2, 29, 23, 59, 59, DateTimeKind.Utc).AddTicks(1234567);
        Assert.Equal(utc, RoundTrip(protector, utc));
        Assert.Equal(DateTimeKind.Utc, RoundTrip(protector, utc).Kind);
        var dto = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromMinutes(330));
        Assert.Equal(dto.Offset, RoundTrip(protector, dto).Offset);
        Assert.Equal(dto, RoundTrip(protector, dto));
        Assert.Equal(new DateOnly(2024, 5, 6), RoundTrip(protector, new DateOnly(2024, 5, 6)));
        Assert.Equal(new TimeOnly(23, 59, 58), RoundTrip(protector, new TimeOnly(23, 59, 58)));
        Assert.Equal(TimeSpan.FromDays(-3.5), RoundTrip(protector, TimeSpan.FromDays(-3.5)));
    }

    [Fact]
    public async Task EncryptString_SameValueTwice_DifferentCiphertexts()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var protector = harness.CreateProtector();

        var first = protector.EncryptString(Sample);
        var second = protector.EncryptString(Sample);

        Assert.NotEqual(first, second);
        Assert.Equal(protector.DecryptString(first), protector.DecryptString(second));
    }

    [Fact]
    public async Task EncryptBytesAndValue_SameValueTwice_DifferentCiphertexts()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var protector = harness.CreateProtector(column: "Recording", valueType: typeof(byte[]));
        byte[] value = [1, 2, 3];

        Assert.NotEqual(protector.EncryptBytes(value), protector.EncryptBytes(value));
        Assert.NotEqual(protector.EncryptValue(42), protector.EncryptValue(42));
    }

    [Fact]
    public async Task Encrypt_DefaultAlgorithmColumn_UsesOptionsDefault()
    {
        await using var harness = await EncryptionHarness.CreateAsync(o => o.DefaultAlgorithm = EncryptionAlgorithm.XChaCha20Poly1305);
        var protector = harness.CreateProtector(algorithm: EncryptionAlgorithm.Default);

        Assert.Equal(EncryptionAlgorithm.XChaCha20Poly1305, protector.Algorithm);
        Assert.Equal((byte)EncryptionAlgorithm.XChaCha20Poly1305, EncryptionAssert.Decode(protector.EncryptString(Sample))[3]);
    }

    [Fact]
    public async Task DecryptString_ValueOfAnotherAlgorithmInSameColumn_Decrypts()
    {
        // The algorithm is read from each value, so changing a column's algorithm keeps old values readable.
        await using var harness = await EncryptionHarness.CreateAsync();
        var before = harness.CreateProtector(algorithm: EncryptionAlgorithm.Aes256Gcm);
        var after = harness.CreateProtector(algorithm: EncryptionAlgorithm.Aegis256);

        Assert.Equal(Sample, after.DecryptString(before.EncryptString(Sample)));
    }

    [Fact]
    public async Task Methods_NullArguments_Throw()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var protector = harness.CreateProtector();

        Assert.Throws<ArgumentNullException>(() => protector.EncryptString(null!));
        Assert.Throws<ArgumentNullException>(() => protector.DecryptString(null!));
        Assert.Throws<ArgumentNullException>(() => protector.EncryptBytes(null!));
        Assert.Throws<ArgumentNullException>(() => protector.DecryptBytes(null!));
        Assert.Throws<ArgumentNullException>(() => protector.DecryptValue<int>(null!));
        Assert.Throws<ArgumentNullException>(() => protector.ComputeBlindIndex((string)null!));
        Assert.Throws<ArgumentNullException>(() => protector.ComputeBlindIndex((byte[])null!));
        Assert.Throws<ArgumentNullException>(() => protector.ComputeBlindIndexOfBoxed(null!));
        Assert.Throws<ArgumentNullException>(() => protector.ComputeBlindIndexCandidates(null!));
        Assert.Throws<ArgumentNullException>(() => protector.DecryptToPlaintextBytes(null!));
        Assert.Throws<ArgumentNullException>(() => ColumnProtector.Inspect(null!));
    }

    // ---------------------------------------------------------------- tampering

    [Theory]
    [MemberData(nameof(AllAlgorithms))]
    public async Task DecryptString_EveryBitFlipOfStoredText_Throws(EncryptionAlgorithm algorithm)
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var protector = harness.CreateProtector(algorithm: algorithm);
        var stored = protector.EncryptString(Sample);

        var flips = 0;
        for (var i = 0; i < stored.Length; i++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                var chars = stored.ToCharArray();
                chars[i] = (char)(chars[i] ^ (1 << bit));
                var tampered = new string(chars);

                var ex = EncryptionAssert.Fails(() => protector.DecryptString(tampered));
                EncryptionAssert.NoSecrets(ex, Sample);
                flips++;
            }
        }

        Assert.Equal(stored.Length * 8, flips);
    }

    [Theory]
    [MemberData(nameof(AllAlgorithms))]
    public async Task DecryptBytes_EveryBitFlipOfEnvelope_Throws(EncryptionAlgorithm algorithm)
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var protector = harness.CreateProtector(column: "Recording", valueType: typeof(byte[]), algorithm: algorithm);
        var value = Encoding.UTF8.GetBytes(Sample);
        var stored = protector.EncryptBytes(value);

        for (var i = 0; i < stored.Length; i++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                var tampered = (byte[])stored.Clone();
                tampered[i] ^= (byte)(1 << bit);

                var ex = EncryptionAssert.Fails(() => protector.DecryptBytes(tampered));
                EncryptionAssert.NoSecrets(ex, Sample, Convert.ToHexString(value));
            }
        }
    }

    [Fact]
    public async Task DecryptValue_EveryBitFlipOfStoredText_Throws()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var protector = harness.CreateProtector(column: "Balance", valueType: typeof(decimal));
        var stored = protector.EncryptValue(73519842.17m);

        for (var i = 0; i < stored.Length; i++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                var chars = stored.ToCharArray();
                chars[i] = (char)(chars[i] ^ (1 << bit));
                var tampered = new string(chars);

                var ex = EncryptionAssert.Fails(() => protector.DecryptValue<decimal>(tampered));
                EncryptionAssert.NoSecrets(ex, "73519842");
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllAlgorithms))]
    public async Task DecryptString_EveryTruncation_MalformedOrAuthenticationFailed(EncryptionAlgorithm algorithm)
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var protector = harness.CreateProtector(algorithm: algorithm);
        var stored = protector.EncryptString(Sample);

        for (var length = CiphertextEnvelope.TextPrefix.Length; length < stored.Length; length++)
        {
            var truncated = stored[..length];
            var ex = EncryptionAssert.Fails(() => protector.DecryptString(truncated));
            Assert.True(
                ex.Reason is CryptographicFailureReason.MalformedValue or CryptographicFailureReason.AuthenticationFailed,
                $"A value truncated to {length} characters failed with {ex.Reason}.");
            EncryptionAssert.NoSecrets(ex, Sample);
        }

        // Shorter than the "dgEB" prefix, a truncated value cannot be told from plaintext; plaintext is refused.
        for (var length = 0; length < CiphertextEnvelope.TextPrefix.Length; length++)
        {
            var truncated = stored[..length];
            EncryptionAssert.Fails(() => protector.DecryptString(truncated), CryptographicFailureReason.PlaintextNotAllowed, Sample);
        }
    }

    [Theory]
    [MemberData(nameof(AllAlgorithms))]
    public async Task DecryptBytes_EveryTruncation_MalformedOrAuthenticationFailed(EncryptionAlgorithm algorithm)
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var protector = harness.CreateProtector(column: "Recording", valueType: typeof(byte[]), algorithm: algorithm);
        var stored = protector.EncryptBytes(Encoding.UTF8.GetBytes(Sample));

        for (var length = 2; length < stored.Length; length++)
        {
            var truncated = stored[..length];
            var ex = EncryptionAssert.Fails(() => protector.DecryptBytes(truncated));
            Assert.True(
                ex.Reason is CryptographicFailureReason.MalformedValue or CryptographicFailureReason.AuthenticationFailed,
                $"A value truncated to {length} bytes failed with {ex.Reason}.");
            EncryptionAssert.NoSecrets(ex, Sample);
        }

        for (var length = 0; length < 2; length++)
        {
            var truncated = stored[..length];
            EncryptionAssert.Fails(() => protector.DecryptBytes(truncated), CryptographicFailureReason.PlaintextNotAllowed);
        }
    }

    [Fact]
    public async Task DecryptString_CharactersAppended_MalformedOrAuthenticationFailed()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var protector = harness.CreateProtector();
        var stored = protector.EncryptString(Sample);

        foreach (var suffix in new[] { "A", "AA", "AAA", "AAAA", "=", "==", " ", "\n" })
        {
            var ex = EncryptionAssert.Fails(() => protector.DecryptString(stored + suffix));
            Assert.True(ex.Reason is CryptographicFailureReason.MalformedValue or CryptographicFailureReason.AuthenticationFailed, $"'{suffix}': {ex.Reason}");
        }
    }

    [Fact]
    public async Task DecryptString_PaddedOrWhitespaceVariant_Malformed()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var protector = harness.CreateProtector();
        var stored = protector.EncryptString(Sample);
        var padded = stored + new string('=', (4 - (stored.Length % 4)) % 4);
        var spaced = stored[..10] + " " + stored[10..];

        if (padded != stored)
        {
            EncryptionAssert.Fails(() => protector.DecryptString(padded), CryptographicFailureReason.MalformedValue, Sample);
        }

        EncryptionAssert.Fails(() => protector.DecryptString(spaced), CryptographicFailureReason.MalformedValue, Sample);
    }

    [Fact]
    public async Task DecryptString_HeaderNamesUnknownAlgorithm_MalformedValue()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var protector = harness.CreateProtector();
        var envelope = EncryptionAssert.Decode(protector.EncryptString(Sample));
        envelope[3] = 9;

        var ex = EncryptionAssert.Fails(() => protector.DecryptString(Base64Url.EncodeToString(envelope)), CryptographicFailureReason.MalformedValue, Sample);
        Assert.Contains("unknown algorithm", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecryptString_HeaderNamesUnknownVersion_NotVersionOneTextSoPlaintextNotAllowed()
    {
        // The text prefix "dgEB" encodes the marker and version 1: a value of another version is not version-1 ciphertext.
        await using var harness = await EncryptionHarness.CreateAsync();
        var protector = harness.CreateProtector();
        var envelope = EncryptionAssert.Decode(protector.EncryptString(Sample));
        envelope[2] = 2;

        EncryptionAssert.Fails(() => protector.DecryptString(Base64Url.EncodeToString(envelope)), CryptographicFailureReason.PlaintextNotAllowed, Sample);
    }

    [Fact]
    public async Task DecryptBytes_HeaderNamesUnknownVersionOrAlgorithm_MalformedValue()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var protector = harness.CreateProtector(column: "Recording", valueType: typeof(byte[]));
        var envelope = protector.EncryptBytes(Encoding.UTF8.GetBytes(Sample));

        var version = (byte[])envelope.Clone();
        version[2] = 2;
        var ex = EncryptionAssert.Fails(() => protector.DecryptBytes(version), CryptographicFailureReason.MalformedValue, Sample);
        Assert.Contains("format version", ex.Message, StringComparison.Ordinal);

        var algorithm = (byte[])envelope.Clone();
        algorithm[3] = 0;
        ex = EncryptionAssert.Fails(() => protector.DecryptBytes(algorithm), CryptographicFailureReason.MalformedValue, Sample);
        Assert.Contains("unknown algorithm", ex.Message, StringComparison.Ordinal);
        Assert.Equal(EncryptionAssert.KeyIdOf(envelope), ex.KeyId);
    }

    [Fact]
    public async Task Decrypt_VeryLongStoredValue_FailsWithoutExhaustingTheStack()
    {
        // Stored values come from the database and can be of any length; decryption must not put them on the stack.
        await using var harness = await EncryptionHarness.CreateAsync();
        var number = harness.CreateProtector(column: "Pin", valueType: typeof(int));
        var migrating = harness.CreateProtector(column: "Pin", valueType: typeof(int), allowPlaintextMigration: true);
        var text = harness.CreateProtector();
        var ciphertextLike = CiphertextEnvelope.TextPrefix + new string('A', 4_000_000);
        var plaintextLike = new string('7', 4_000_000);
        var failures = new Exception?[4];

        // A thread with a 1 MB stack: a stack allocation of the value's size would crash the process.
        var thread = new System.Threading.Thread(
            () =>
            {
                failures[0] = Record.Exception(() => number.DecryptValue<int>(ciphertextLike));
                failures[1] = Record.Exception(() => number.DecryptValue<int>(plaintextLike));
                failures[2] = Record.Exception(() => migrating.DecryptValue<long>(plaintextLike));
                failures[3] = Record.Exception(() => text.DecryptString(ciphertextLike));
            },
            maxStackSize: 1024 * 1024);
        thread.Start();
        thread.Join();

        Assert.Equal(CryptographicFailureReason.MalformedValue, Assert.IsType<DataGuardCryptographicException>(failures[0]).Reason);
        Assert.Equal(CryptographicFailureReason.PlaintextNotAllowed, Assert.IsType<DataGuardCryptographicException>(failures[1]).Reason);
        Assert.Equal(CryptographicFailureReason.MalformedValue, Assert.IsType<DataGuardCryptographicException>(failures[2]).Reason);
        Assert.Equal(CryptographicFailureReason.MalformedValue, Assert.IsType<DataGuardCryptographicException>(failures[3]).Reason);
    }

    // ---------------------------------------------------------------- associated data

    [Fact]
    public async Task DecryptString_ValueOfAnotherColumn_AuthenticationFailedNamingTableColumnAndKey()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var source = harness.CreateProtector(table: "Contacts", column: "Phone");
        var target = harness.CreateProtector(table: "Customers", column: "Mobile");
        var stored = source.EncryptString(Sample);
        var keyId = EncryptionAssert.KeyIdOf(stored);

        var ex = EncryptionAssert.Fails(() => target.DecryptString(stored), CryptographicFailureReason.AuthenticationFailed, Sample, "98765");

        Assert.Contains("'Customers'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'Mobile'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(keyId.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.Equal("Customers.Mobile", ex.Column);
        Assert.Equal(keyId, ex.KeyId);
        Assert.DoesNotContain(stored, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecryptString_SameTableOtherColumn_AuthenticationFailed()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var phone = harness.CreateProtector(table: "Contacts", column: "Phone");
        var fax = harness.CreateProtector(table: "Contacts", column: "Fax");

        EncryptionAssert.Fails(() => fax.DecryptString(phone.EncryptString(Sample)), CryptographicFailureReason.AuthenticationFailed, Sample);
    }

    [Fact]
    public async Task DecryptBytesAndValue_ValueOfAnotherColumn_AuthenticationFailed()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var recording = harness.CreateProtector(column: "Recording", valueType: typeof(byte[]));
        var voicemail = harness.CreateProtector(column: "Voicemail", valueType: typeof(byte[]));
        var salary = harness.CreateProtector(table: "Staff", column: "Salary", valueType: typeof(int));
        var bonus = harness.CreateProtector(table: "Staff", column: "Bonus", valueType: typeof(int));

        EncryptionAssert.Fails(() => voicemail.DecryptBytes(recording.EncryptBytes([1, 2, 3])), CryptographicFailureReason.AuthenticationFailed);
        EncryptionAssert.Fails(() => bonus.DecryptValue<int>(salary.EncryptValue(73519842)), CryptographicFailureReason.AuthenticationFailed, "73519842");
    }

    [Fact]
    public async Task DecryptString_OtherColumnWithSameAssociatedDataName_Decrypts()
    {
        // A renamed column keeps its values readable by keeping its associated-data name.
        await using var harness = await EncryptionHarness.CreateAsync();
        var old = harness.CreateProtector(table: "Contacts", column: "Phone");
        var renamed = harness.CreateProtector(table: "People", column: "PhoneNumber", associatedDataName: "Contacts.Phone");

        Assert.Equal(Sample, renamed.DecryptString(old.EncryptString(Sample)));
    }

    [Fact]
    public async Task DecryptString_ColumnWithCustomAssociatedDataName_MessageNamesIt()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var source = harness.CreateProtector();
        var target = harness.CreateProtector(table: "People", column: "PhoneNumber", associatedDataName: "Legacy.Phone");

        var ex = EncryptionAssert.Fails(() => target.DecryptString(source.EncryptString(Sample)), CryptographicFailureReason.AuthenticationFailed, Sample);

        Assert.Contains("associated data 'Legacy.Phone'", ex.Message, StringComparison.Ordinal);
        Assert.Equal("Legacy.Phone", ex.Column);
    }

    // ---------------------------------------------------------------- keys

    [Fact]
    public async Task DecryptString_ValueOfAnotherKeyRing_KeyNotFoundNamingKey()
    {
        await using var mine = await EncryptionHarness.CreateAsync();
        await using var theirs = await EncryptionHarness.CreateAsync();
        var stored = theirs.CreateProtector().EncryptString(Sample);
        var keyId = EncryptionAssert.KeyIdOf(stored);

        var ex = EncryptionAssert.Fails(() => mine.CreateProtector().DecryptString(stored), CryptographicFailureReason.KeyNotFound, Sample, "98765");

        Assert.Contains(keyId.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.Equal(keyId, ex.KeyId);
        Assert.Equal("Contacts.Phone", ex.Column);
    }

    [Fact]
    public async Task DecryptBytes_ValueOfAnotherKeyRing_KeyNotFound()
    {
        await using var mine = await EncryptionHarness.CreateAsync();
        await using var theirs = await EncryptionHarness.CreateAsync();
        var stored = theirs.CreateProtector(column: "Recording", valueType: typeof(byte[])).EncryptBytes([1, 2, 3]);

        var ex = EncryptionAssert.Fails(() => mine.CreateProtector(column: "Recording", valueType: typeof(byte[])).DecryptBytes(stored), CryptographicFailureReason.KeyNotFound);
        Assert.Contains(EncryptionAssert.KeyIdOf(stored).ToString(), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecryptString_ValueNamingIndexKey_AuthenticationFailed()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var protector = harness.CreateProtector();
        var indexKey = harness.Manager.GetKeys().Single(k => k.Purpose == KeyPurpose.BlindIndex).Id;
        var envelope = EncryptionAssert.Decode(protector.EncryptString(Sample));
        indexKey.Value.TryWriteBytes(envelope.AsSpan(4, 16), bigEndian: true, out _);

        var ex = EncryptionAssert.Fails(() => protector.DecryptString(Base64Url.EncodeToString(envelope)), CryptographicFailureReason.AuthenticationFailed, Sample);
        Assert.Contains("not a data-encryption key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decrypt_KeyDestroyed_ThrowsKeyDestroyedNamingKey()
    {
        var time = new FakeTimeProvider();
        await using var harness = await EncryptionHarness.CreateAsync(time: time);
        var text = harness.CreateProtector();
        var binary = harness.CreateProtector(column: "Recording", valueType: typeof(byte[]));
        var number = harness.CreateProtector(column: "Pin", valueType: typeof(int));
        var storedText = text.EncryptString(Sample);
        var storedBytes = binary.EncryptBytes([1, 2, 3]);
        var storedNumber = number.EncryptValue(73519842);
        var old = text.ActiveKeyId;

        await harness.Manager.RotateDataKeyAsync();
        time.Advance(TimeSpan.FromMinutes(11));
        await harness.Manager.DestroyKeyAsync(old);

        var ex = Assert.Throws<DataGuardKeyDestroyedException>(() => text.DecryptString(storedText));
        Assert.Equal(CryptographicFailureReason.KeyDestroyed, ex.Reason);
        Assert.Equal(old, ex.KeyId);
        Assert.Equal("Contacts.Phone", ex.Column);
        Assert.Contains(old.ToString(), ex.Message, StringComparison.Ordinal);
        EncryptionAssert.NoSecrets(ex, Sample);
        Assert.Throws<DataGuardKeyDestroyedException>(() => binary.DecryptBytes(storedBytes));
        EncryptionAssert.NoSecrets(Assert.Throws<DataGuardKeyDestroyedException>(() => number.DecryptValue<int>(storedNumber)), "73519842");

        // New values are written under the new key and still decrypt.
        Assert.Equal(Sample, text.DecryptString(text.EncryptString(Sample)));
    }

    [Fact]
    public async Task Decrypt_KeyDestroyedWithReturnDefault_ReturnsNullOrDefault()
    {
        var time = new FakeTimeProvider();
        await using var harness = await EncryptionHarness.CreateAsync(o => o.DestroyedKeyBehavior = DestroyedKeyBehavior.ReturnDefault, time: time);
        var text = harness.CreateProtector();
        var binary = harness.CreateProtector(column: "Recording", valueType: typeof(byte[]));
        var number = harness.CreateProtector(column: "Pin", valueType: typeof(int));
        var storedText = text.EncryptString(Sample);
        var storedBytes = binary.EncryptBytes([1, 2, 3]);
        var storedNumber = number.EncryptValue(73519842);
        var storedDate = number.EncryptValue(new DateOnly(2024, 5, 6));
        Assert.Equal(73519842, number.DecryptValue<int>(storedNumber));
        var old = text.ActiveKeyId;

        await harness.Manager.RotateDataKeyAsync();
        time.Advance(TimeSpan.FromMinutes(11));
        await harness.Manager.DestroyKeyAsync(old);

        Assert.Null(text.DecryptString(storedText));
        Assert.Null(binary.DecryptBytes(storedBytes));
        Assert.Equal(0, number.DecryptValue<int>(storedNumber));
        Assert.Equal(default, number.DecryptValue<DateOnly>(storedDate));
        Assert.Null(text.DecryptToPlaintextBytes(storedText));
    }

    [Fact]
    public async Task ActiveKeyId_AfterRotation_NewValuesNameNewKey()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var protector = harness.CreateProtector();
        var before = protector.EncryptString(Sample);

        var rotated = await harness.Manager.RotateDataKeyAsync();
        var after = protector.EncryptString(Sample);

        Assert.Equal(rotated, protector.ActiveKeyId);
        Assert.Equal(rotated, EncryptionAssert.KeyIdOf(after));
        Assert.NotEqual(rotated, EncryptionAssert.KeyIdOf(before));
        Assert.Equal(Sample, protector.DecryptString(before));
        Assert.Equal(Sample, protector.DecryptString(after));
    }

    // ---------------------------------------------------------------- plaintext

    [Fact]
    public async Task Decrypt_PlaintextWithoutMigration_PlaintextNotAllowed()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var text = harness.CreateProtector();
        var binary = harness.CreateProtector(column: "Recording", valueType: typeof(byte[]));
        var number = harness.CreateProtector(column: "Pin", valueType: typeof(int));

        var ex = EncryptionAssert.Fails(() => text.DecryptString(Sample), CryptographicFailureReason.PlaintextNotAllowed, Sample, "98765");
        Assert.Contains("AllowPlaintextMigration", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'Phone'", ex.Message, StringComparison.Ordinal);
        EncryptionAssert.Fails(() => binary.DecryptBytes(Encoding.UTF8.GetBytes(Sample)), CryptographicFailureReason.PlaintextNotAllowed, Sample);
        EncryptionAssert.Fails(() => number.DecryptValue<int>("73519842"), CryptographicFailureReason.PlaintextNotAllowed, "73519842");
        EncryptionAssert.Fails(() => text.DecryptToPlaintextBytes(Sample), CryptographicFailureReason.PlaintextNotAllowed, Sample);
        EncryptionAssert.Fails(() => text.DecryptString(string.Empty), CryptographicFailureReason.PlaintextNotAllowed);
    }

    [Fact]
    public async Task Decrypt_PlaintextWithMigration_ReturnedAsIs()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var text = harness.CreateProtector(allowPlaintextMigration: true);
        var binary = harness.CreateProtector(column: "Recording", valueType: typeof(byte[]), allowPlaintextMigration: true);
        var legacyBytes = Encoding.UTF8.GetBytes(Sample);

        Assert.Equal(Sample, text.DecryptString(Sample));
        Assert.Equal(string.Empty, text.DecryptString(string.Empty));
        Assert.Same(legacyBytes, binary.DecryptBytes(legacyBytes));

        // Ciphertext keeps decrypting in a migrating column.
        Assert.Equal(Sample, text.DecryptString(text.EncryptString(Sample)));
    }

    [Fact]
    public async Task DecryptValue_PlaintextWithMigration_ParsedFromInvariantText()
    {
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            await using var harness = await EncryptionHarness.CreateAsync();
            var protector = harness.CreateProtector(column: "Legacy", valueType: typeof(decimal), allowPlaintextMigration: true);

            Assert.True(protector.DecryptValue<bool>("true"));
            Assert.True(protector.DecryptValue<bool>("1"));
            Assert.False(protector.DecryptValue<bool>("False"));
            Assert.False(protector.DecryptValue<bool>("0"));
            Assert.Equal((short)-12, protector.DecryptValue<short>("-12"));
            Assert.Equal(73519842, protector.DecryptValue<int>("73519842"));
            Assert.Equal(-9_000_000_000L, protector.DecryptValue<long>("-9000000000"));
            Assert.Equal(1.5f, protector.DecryptValue<float>("1.5"));
            Assert.Equal(1234.5, protector.DecryptValue<double>("1234.5"));
            Assert.Equal(1234.50m, protector.DecryptValue<decimal>("1234.50"));
            var guid = Guid.NewGuid();
            Assert.Equal(guid, protector.DecryptValue<Guid>(guid.ToString()));
            var utc = protector.DecryptValue<DateTime>("2024-05-06T07:08:09.1234567Z");
            Assert.Equal(new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(1234567), utc);
            Assert.Equal(DateTimeKind.Utc, utc.Kind);
            var dto = protector.DecryptValue<DateTimeOffset>("2024-05-06T07:08:09+05:30");
            Assert.Equal(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromMinutes(330)), dto);
            Assert.Equal(TimeSpan.FromMinutes(330), dto.Offset);
            Assert.Equal(new DateOnly(2024, 5, 6), protector.DecryptValue<DateOnly>("2024-05-06"));
            Assert.Equal(new TimeOnly(7, 8, 9), protector.DecryptValue<TimeOnly>("07:08:09"));
            Assert.Equal(new TimeSpan(1, 2, 3, 4), protector.DecryptValue<TimeSpan>("1.02:03:04"));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public async Task DecryptValue_UnparseablePlaintextWithMigration_ThrowsWithoutTheValue()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var protector = harness.CreateProtector(column: "Pin", valueType: typeof(int), allowPlaintextMigration: true);

        var ex = Assert.Throws<DataGuardCryptographicException>(() => protector.DecryptValue<int>("PIN-73519842"));

        Assert.Equal(CryptographicFailureReason.MalformedValue, ex.Reason);
        EncryptionAssert.NoSecrets(ex, "73519842");
        ex = Assert.Throws<DataGuardCryptographicException>(() => protector.DecryptValue<int>("99999999999999"));
        Assert.Equal(CryptographicFailureReason.MalformedValue, ex.Reason);
        EncryptionAssert.NoSecrets(ex, "99999999999999");
    }

    [Fact]
    public async Task DecryptValue_StoredUnderAnotherType_MalformedValue()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var protector = harness.CreateProtector(column: "Pin", valueType: typeof(int));
        var stored = protector.EncryptValue(73519842);

        var ex = EncryptionAssert.Fails(() => protector.DecryptValue<long>(stored), CryptographicFailureReason.MalformedValue, "73519842");
        Assert.Contains("Int64", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecryptValue_DecryptedBytesOutOfRangeForType_MalformedValueWithoutTheValue()
    {
        // An int column retyped as DateOnly (both 4 bytes): the decrypted day number is out of range.
        await using var harness = await EncryptionHarness.CreateAsync();
        var protector = harness.CreateProtector(column: "Pin", valueType: typeof(int));

        EncryptionAssert.Fails(() => protector.DecryptValue<DateOnly>(protector.EncryptValue(73519842)), CryptographicFailureReason.MalformedValue, "73519842");
        EncryptionAssert.Fails(() => protector.DecryptValue<TimeOnly>(protector.EncryptValue(-73519842L)), CryptographicFailureReason.MalformedValue, "73519842");
        EncryptionAssert.Fails(() => protector.DecryptValue<bool>((string)protector.EncryptPlaintextBytes(new byte[] { 7 })), CryptographicFailureReason.MalformedValue);
    }

    // ---------------------------------------------------------------- raw access

    [Fact]
    public async Task Inspect_StoredValues_DescribesCiphertextAndPlaintext()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var text = harness.CreateProtector(algorithm: EncryptionAlgorithm.XChaCha20Poly1305);
        var binary = harness.CreateProtector(column: "Recording", valueType: typeof(byte[]));
        var keyId = text.ActiveKeyId;

        Assert.Equal(new StoredValueInfo(true, keyId, EncryptionAlgorithm.XChaCha20Poly1305), ColumnProtector.Inspect(text.EncryptString(Sample)));
        Assert.Equal(new StoredValueInfo(true, keyId, EncryptionAlgorithm.Aes256Gcm), ColumnProtector.Inspect(binary.EncryptBytes([1])));
        Assert.Equal(new StoredValueInfo(false, null, null), ColumnProtector.Inspect(Sample));
        Assert.Equal(new StoredValueInfo(false, null, null), ColumnProtector.Inspect(new byte[] { 1, 2 }));
        Assert.Equal(new StoredValueInfo(true, null, null), ColumnProtector.Inspect("dgEB!"));
    }

    [Fact]
    public async Task DecryptToPlaintextBytes_CiphertextAndLegacyValues_ReturnSerialisedPlaintext()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var text = harness.CreateProtector(allowPlaintextMigration: true);
        var number = harness.CreateProtector(column: "Pin", valueType: typeof(int), allowPlaintextMigration: true);
        var binary = harness.CreateProtector(column: "Recording", valueType: typeof(byte[]), allowPlaintextMigration: true);
        byte[] legacy = [9, 8, 7];

        Assert.Equal(Encoding.UTF8.GetBytes(Sample), text.DecryptToPlaintextBytes(text.EncryptString(Sample)));
        Assert.Equal(Encoding.UTF8.GetBytes(Sample), text.DecryptToPlaintextBytes(Sample));
        Assert.Equal(BitConverter.GetBytes(42), number.DecryptToPlaintextBytes(number.EncryptValue(42)));
        Assert.Equal(BitConverter.GetBytes(42), number.DecryptToPlaintextBytes("42"));
        var copy = binary.DecryptToPlaintextBytes(legacy);
        Assert.Equal(legacy, copy);
        Assert.NotSame(legacy, copy);
        Assert.Equal(42, number.DecryptValue<int>((string)number.EncryptPlaintextBytes(number.DecryptToPlaintextBytes("42"))));
    }

    private static T RoundTrip<T>(ColumnProtector protector, T value)
        where T : struct
    {
        var stored = protector.EncryptValue(value);
        Assert.StartsWith(CiphertextEnvelope.TextPrefix, stored, StringComparison.Ordinal);
        return protector.DecryptValue<T>(stored);
    }
}
