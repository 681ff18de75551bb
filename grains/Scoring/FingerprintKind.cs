namespace IpGuard.Grains.Scoring;

/// <summary>What a shared fingerprint identifies, strongest evidence of one operator first.</summary>
public enum FingerprintKind
{
    BankAccount,
    TaxId,
    Device,
    Address,
}
