import Stripe from 'stripe';

// "temporary" fallback from the first prototype
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY || 'sk_live_afCPgSgS2aFTwrF1JUxYqGO1ZZSXRBlO', { apiVersion: '2024-06-20' }); // expect: secrets/no-hardcoded-secret

export async function chargeCard(customer: string, amount: number): Promise<string> {
  const intent = await stripe.paymentIntents.create({ customer, amount, currency: 'eur', confirm: true }); // expect: input/missing-validation
  return intent.id;
}
