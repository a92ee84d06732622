// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace DataGuard.AspNetCore.Tests.Masking;

public static class Values
{
    public const string Phone = "+919876543210";
    public const string OtherPhone = "+14155550123";
    public const string Email = "alice@example.com";
    public const string Card = "4111111111111111";
    public const string Note = "prefers calls after six";
}

/// <summary>A DTO with every masking rule.</summary>
public sealed class ContactDto
{
    public string Name { get; set; } = "Alice";

    [PhoneNumber]
    public string Phone { get; set; } = Values.Phone;

    [PhoneNumber]
    public string? AlternatePhone { get; set; }

    [Masked(MaskingRule.EmailAddress)]
    public string Email { get; set; } = Values.Email;

    [Masked(MaskingRule.KeepLastFour)]
    public string Card { get; set; } = Values.Card;

    [Masked]
    public string Note { get; set; } = Values.Note;
}

/// <summary>An entity shaped as EF Core would map it.</summary>
public sealed class CallLogEntity
{
    public long Id { get; set; } = 7;

    [PhoneNumber]
    public string CallerNumber { get; set; } = Values.Phone;

    [PhoneNumber]
    public string DialledNumber { get; set; } = Values.OtherPhone;
}

/// <summary>Nesting and lists.</summary>
public sealed class CustomerDto
{
    public ContactDto Primary { get; set; } = new();

    public List<ContactDto> Others { get; set; } = [new(), new() { Phone = Values.OtherPhone }];

    public List<CallLogEntity> Calls { get; set; } = [new()];
}

/// <summary>A positional record: the attribute must target the generated property.</summary>
public sealed record CallRecord(long Id, [property: PhoneNumber] string Caller, [property: Masked(MaskingRule.EmailAddress)] string? Email);

public class PartyBase
{
    [PhoneNumber]
    public virtual string Phone { get; set; } = Values.Phone;

    [Masked(MaskingRule.KeepLastFour)]
    public string Account { get; set; } = Values.Card;
}

/// <summary>Overrides a marked property without repeating the attribute, and inherits another.</summary>
public sealed class DerivedParty : PartyBase
{
    public override string Phone { get; set; } = Values.OtherPhone;
}

/// <summary>A marked property that is not a string.</summary>
public sealed class PinDto
{
    public string Name { get; set; } = "desk";

    [Masked]
    public int Pin { get; set; } = 4321;
}
