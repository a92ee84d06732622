// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.Testing.Model;

public sealed class Contact
{
    public int Id { get; set; }

    public string Name { get; set; } = string.Empty;

    [Encrypted(Searchable = true, Normalizer = "case-insensitive")]
    public string? Email { get; set; }

    public Address? Home { get; set; }
}
