/** UrbanSound8K classes indexed by `classID` (metadata/UrbanSound8K.csv and the dataset README). */
export const URBANSOUND8K_CLASSES = [
  'air_conditioner', 'car_horn', 'children_playing', 'dog_bark', 'drilling', 'engine_idling', 'gun_shot',
  'jackhammer', 'siren', 'street_music',
] as const;
