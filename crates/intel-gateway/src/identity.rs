//! The gateway's own bundle identity: it signs receipts and tasking packages
//! with it, and workstations encrypt their bundles to its age recipient.

use crate::data_dir::{DataDir, GatewayConfig};
use crate::error::GatewayError;
use crate::secret::{read_secret_file, write_secret_file};
use intel_bundle::{AgeSecret, PublicKeys, SigningSecret, WorkstationKeys};
use intel_protocol::{Enrolment, EnrolmentKind, SignedEnrolment, ENROLMENT_FORMAT};
use zeroize::Zeroizing;

const IDENTITY_HEADER: &str = "intel-gateway-identity v1";

#[derive(Debug)]
pub struct GatewayIdentity {
    pub config: GatewayConfig,
    pub keys: WorkstationKeys,
    pub public: PublicKeys,
    /// The enrolment file workstations import (kind gateway, with url and TLS certificate).
    pub enrolment: SignedEnrolment,
}

impl GatewayIdentity {
    pub fn load(dir: &DataDir) -> Result<Self, GatewayError> {
        let config = GatewayConfig::load(dir)?;
        let keys = read_keys(dir)?;
        let public = keys.public()?;
        let enrolment_bytes = std::fs::read(dir.enrolment_file())
            .map_err(|e| GatewayError::io(format!("cannot read {}", dir.enrolment_file().display()), e))?;
        let enrolment = SignedEnrolment::from_file_bytes(&enrolment_bytes)?;
        let checked = enrolment.verify()?;
        if checked.current.key_id != public.key_id || checked.id != config.id {
            return Err(GatewayError::Setup(format!(
                "{} does not belong to this gateway's key; restore it from backup or run `intel-gateway init` in a new directory.",
                dir.enrolment_file().display()
            )));
        }
        Ok(GatewayIdentity { config, keys, public, enrolment })
    }

    pub fn signing(&self) -> &SigningSecret {
        &self.keys.signing
    }

    pub fn age_identities(&self) -> Result<Vec<AgeSecret>, GatewayError> {
        Ok(vec![AgeSecret::from_secret_str(&self.keys.age.to_secret_string())?])
    }
}

pub(crate) fn write_keys(dir: &DataDir, keys: &WorkstationKeys) -> Result<(), GatewayError> {
    let signing = Zeroizing::new(hex::encode(keys.signing.to_secret_bytes().as_slice()));
    let age = keys.age.to_secret_string();
    let text = Zeroizing::new(format!("{IDENTITY_HEADER}\nsigning {}\nage {}\n", signing.as_str(), age.as_str()));
    write_secret_file(&dir.identity_key_file(), text.as_bytes())
}

fn read_keys(dir: &DataDir) -> Result<WorkstationKeys, GatewayError> {
    let path = dir.identity_key_file();
    let text = read_secret_file(&path)?;
    let bad = || GatewayError::Setup(format!("{} is not a gateway identity file; restore it from backup.", path.display()));
    let mut lines = text.lines();
    if lines.next() != Some(IDENTITY_HEADER) {
        return Err(bad());
    }
    let signing_hex = lines.next().and_then(|l| l.strip_prefix("signing ")).ok_or_else(bad)?;
    let age = lines.next().and_then(|l| l.strip_prefix("age ")).ok_or_else(bad)?;
    let signing_bytes = Zeroizing::new(hex::decode(signing_hex).map_err(|_| bad())?);
    Ok(WorkstationKeys { signing: SigningSecret::from_secret_bytes(&signing_bytes)?, age: AgeSecret::from_secret_str(age)? })
}

pub(crate) fn sign_enrolment(
    config: &GatewayConfig,
    keys: &WorkstationKeys,
    tls_certificate_pem: &str,
) -> Result<SignedEnrolment, GatewayError> {
    let enrolment = Enrolment {
        format: ENROLMENT_FORMAT.to_string(),
        version: 1,
        kind: EnrolmentKind::Gateway,
        id: config.id.clone(),
        unit: config.unit.clone(),
        label: format!("{} force gateway", config.unit),
        current: keys.public()?,
        previous: Vec::new(),
        created_at: config.created_at,
        url: Some(config.url.clone()),
        tls_certificate_pem: Some(tls_certificate_pem.to_string()),
    };
    Ok(SignedEnrolment::sign(&enrolment, &keys.signing)?)
}
