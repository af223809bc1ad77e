/**
 * Name pools by heritage, reflecting the mix of people registered with practices in England.
 * British given names change with the decade of birth; other pools are common names in each
 * community in England. Surnames that differ by sex (Polish -ski/-ska, Sikh Singh/Kaur) are pairs.
 */

export type NameHeritage =
  | 'british'
  | 'irish'
  | 'europeanOther'
  | 'indian'
  | 'pakistani'
  | 'bangladeshi'
  | 'chinese'
  | 'otherAsian'
  | 'african'
  | 'caribbean'
  | 'arab';

/** A surname, or a pair whose form depends on sex. */
export type Surname = string | { readonly male: string; readonly female: string };

export interface NamePool {
  readonly male: readonly string[];
  readonly female: readonly string[];
  readonly surnames: readonly Surname[];
}

/** British given names by birth year: names popular when each generation was born. */
export const BRITISH_GIVEN_BY_ERA: readonly { readonly bornBefore: number; readonly male: readonly string[]; readonly female: readonly string[] }[] = [
  {
    bornBefore: 1956,
    male: ['John', 'David', 'Michael', 'Peter', 'Robert', 'Brian', 'Alan', 'Kenneth', 'Derek', 'Roy', 'Keith', 'Barry', 'Geoffrey', 'Colin', 'Dennis', 'Raymond'],
    female: ['Margaret', 'Patricia', 'Jean', 'Brenda', 'Sheila', 'Valerie', 'Barbara', 'Doreen', 'Joan', 'Maureen', 'Pauline', 'Irene', 'Christine', 'Sylvia', 'Eileen', 'Dorothy'],
  },
  {
    bornBefore: 1986,
    male: ['Paul', 'Mark', 'Stephen', 'Andrew', 'Ian', 'Gary', 'Darren', 'Lee', 'Neil', 'Richard', 'Simon', 'Jason', 'Wayne', 'Craig', 'Christopher', 'Martin'],
    female: ['Susan', 'Karen', 'Julie', 'Tracey', 'Sarah', 'Lisa', 'Nicola', 'Joanne', 'Claire', 'Michelle', 'Deborah', 'Amanda', 'Helen', 'Alison', 'Emma', 'Kelly'],
  },
  {
    bornBefore: 2006,
    male: ['James', 'Daniel', 'Thomas', 'Matthew', 'Ryan', 'Adam', 'Luke', 'Joshua', 'Jack', 'Liam', 'Samuel', 'Benjamin', 'Jordan', 'Callum', 'Kieran', 'Nathan'],
    female: ['Jessica', 'Laura', 'Rebecca', 'Hannah', 'Charlotte', 'Amy', 'Sophie', 'Lauren', 'Chloe', 'Megan', 'Katie', 'Bethany', 'Gemma', 'Holly', 'Jade', 'Emily'],
  },
  {
    bornBefore: Number.POSITIVE_INFINITY,
    male: ['Oliver', 'Harry', 'George', 'Noah', 'Jack', 'Leo', 'Arthur', 'Oscar', 'Charlie', 'Jacob', 'Alfie', 'Freddie', 'Theo', 'Archie', 'Henry', 'Muhammad'],
    female: ['Olivia', 'Amelia', 'Isla', 'Ava', 'Lily', 'Freya', 'Ivy', 'Florence', 'Mia', 'Isabella', 'Poppy', 'Evie', 'Grace', 'Sophia', 'Ella', 'Rosie'],
  },
];

export const NAME_POOLS: Readonly<Record<NameHeritage, NamePool>> = {
  british: {
    male: [],
    female: [],
    surnames: [
      'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Robinson', 'Wright', 'Thompson', 'Evans',
      'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Clarke', 'Hughes', 'Edwards', 'Harris', 'Lewis',
      'Turner', 'Hill', 'Cooper', 'Ward', 'Moore', 'Baker', 'Holmes', 'Shaw', 'Marshall', 'Atkinson', 'Fletcher', 'Pickering',
      'Sutcliffe', 'Haigh', 'Barraclough', 'Ackroyd', 'Lee', 'Kelly', 'Price', 'Bennett', 'Griffiths', 'Morris', 'Ellis', 'Knight',
    ],
  },
  irish: {
    male: ['Sean', 'Patrick', 'Declan', 'Ciaran', 'Niall', 'Eoin', 'Conor', 'Michael', 'Brendan', 'Kevin'],
    female: ['Siobhan', 'Aoife', 'Niamh', 'Róisín', 'Mairead', 'Gráinne', 'Bridget', 'Orla', 'Catherine', 'Mary'],
    surnames: ['Murphy', "O'Sullivan", 'Byrne', 'Walsh', "O'Connor", 'McCarthy', 'Doyle', 'Kavanagh', 'Gallagher', 'Quinn', "O'Brien", 'Ryan'],
  },
  europeanOther: {
    male: ['Piotr', 'Tomasz', 'Krzysztof', 'Łukasz', 'Paweł', 'Andrei', 'Mihai', 'Ionuț', 'Jonas', 'Marco', 'Luca', 'João', 'Pedro', 'Bogdan'],
    female: ['Agnieszka', 'Katarzyna', 'Magdalena', 'Monika', 'Ioana', 'Elena', 'Andreea', 'Rūta', 'Giulia', 'Francesca', 'Ana', 'Beatriz', 'Joanna'],
    surnames: [
      { male: 'Kowalski', female: 'Kowalska' },
      { male: 'Wiśniewski', female: 'Wiśniewska' },
      { male: 'Lewandowski', female: 'Lewandowska' },
      'Nowak', 'Wójcik', 'Popescu', 'Ionescu', 'Dumitru', 'Kazlauskas', 'Rossi', 'Ferreira', 'Santos', 'Silva', 'Horvath',
    ],
  },
  indian: {
    male: ['Rajesh', 'Sanjay', 'Amit', 'Vikram', 'Arjun', 'Rohan', 'Harpreet', 'Gurpreet', 'Sunil', 'Anil', 'Ravi', 'Dev', 'Kiran', 'Nikhil'],
    female: ['Priya', 'Anjali', 'Sunita', 'Pooja', 'Neha', 'Kavita', 'Manjit', 'Jaspreet', 'Asha', 'Meera', 'Divya', 'Anika', 'Hetal'],
    surnames: ['Patel', 'Sharma', { male: 'Singh', female: 'Kaur' }, 'Gill', 'Sandhu', 'Shah', 'Mistry', 'Chauhan', 'Gupta', 'Kumar', 'Joshi', 'Dhillon', 'Parmar', 'Lad'],
  },
  pakistani: {
    male: ['Muhammad', 'Imran', 'Asif', 'Tariq', 'Bilal', 'Usman', 'Adnan', 'Zain', 'Hamza', 'Omar', 'Faisal', 'Kamran', 'Shahid'],
    female: ['Ayesha', 'Fatima', 'Nadia', 'Saima', 'Sana', 'Hina', 'Zainab', 'Maryam', 'Amina', 'Rubina', 'Shazia', 'Iqra', 'Samina'],
    surnames: ['Khan', 'Hussain', 'Ahmed', 'Ali', 'Akhtar', 'Iqbal', 'Mahmood', 'Butt', 'Malik', 'Raja', 'Shah', 'Rashid', 'Aslam'],
  },
  bangladeshi: {
    male: ['Abdul', 'Mohammed', 'Rahim', 'Jamal', 'Shahid', 'Rafiq', 'Anwar', 'Sohel', 'Ismail', 'Ayaan', 'Rayhan'],
    female: ['Nasreen', 'Shirin', 'Rokeya', 'Taslima', 'Farzana', 'Salma', 'Jesmin', 'Rima', 'Sumaiya', 'Tahmina', 'Nusrat'],
    surnames: [{ male: 'Uddin', female: 'Begum' }, 'Miah', 'Rahman', 'Islam', 'Hoque', 'Choudhury', 'Ahmed', 'Ali', { male: 'Hossain', female: 'Khatun' }],
  },
  chinese: {
    male: ['Wei', 'Jun', 'Hao', 'Ming', 'Jian', 'Kevin', 'Michael', 'Tony', 'Chi', 'Ka Wai'],
    female: ['Mei', 'Li', 'Xiu', 'Hui', 'Ying', 'Jing', 'Grace', 'Amy', 'Wing', 'Siu Ling'],
    surnames: ['Wong', 'Chan', 'Li', 'Zhang', 'Wang', 'Liu', 'Chen', 'Cheung', 'Lam', 'Ng', 'Leung', 'Yang', 'Huang'],
  },
  otherAsian: {
    male: ['Jose', 'Mark', 'Rajan', 'Suresh', 'Bikram', 'Nuwan', 'Arun', 'Dinesh', 'Tuan', 'Minh'],
    female: ['Maria', 'Rowena', 'Nirmala', 'Dilani', 'Sita', 'Anjana', 'Malini', 'Lan', 'Thu', 'Kamala'],
    surnames: ['Santos', 'Reyes', 'Cruz', 'Gurung', 'Rai', 'Thapa', 'Perera', 'Fernando', 'Nguyen', 'Tran', 'Sivakumar', 'Rajapaksa'],
  },
  african: {
    male: ['Oluwaseun', 'Chinedu', 'Emeka', 'Kwame', 'Kofi', 'Tunde', 'Abdi', 'Mohamed', 'Tendai', 'Samuel', 'Daniel', 'Emmanuel', 'Tobi'],
    female: ['Ngozi', 'Chioma', 'Adaeze', 'Abena', 'Ama', 'Folake', 'Funmilayo', 'Hodan', 'Amina', 'Fadumo', 'Blessing', 'Grace', 'Ruth'],
    surnames: ['Okafor', 'Adeyemi', 'Okonkwo', 'Mensah', 'Boateng', 'Asante', 'Owusu', 'Adebayo', 'Olawale', 'Abdi', 'Hassan', 'Warsame', 'Moyo', 'Ncube', 'Osei'],
  },
  caribbean: {
    male: ['Delroy', 'Winston', 'Marcus', 'Andre', 'Tyrone', 'Leon', 'Errol', 'Clive', 'Jermaine', 'Kyle', 'Dwayne'],
    female: ['Marcia', 'Beverley', 'Sonia', 'Charmaine', 'Yvonne', 'Shanice', 'Jasmine', 'Monique', 'Keisha', 'Paulette', 'Hyacinth'],
    surnames: ['Campbell', 'Brown', 'Williams', 'Francis', 'Thomas', 'Grant', 'Clarke', 'Reid', 'Morgan', 'Gordon', 'Henry', 'McKenzie', 'Bailey'],
  },
  arab: {
    male: ['Ahmed', 'Youssef', 'Khalid', 'Tariq', 'Karim', 'Sami', 'Ali', 'Hassan', 'Mustafa', 'Omar'],
    female: ['Layla', 'Noor', 'Huda', 'Rania', 'Yasmin', 'Salma', 'Leila', 'Mariam', 'Dina', 'Samira'],
    surnames: ['Al-Sayed', 'Haddad', 'Mansour', 'Nasser', 'Khalil', 'Saleh', 'Abdullah', 'Hamdan', 'Al-Rashid', 'Yousef'],
  },
};

/** Names for practice staff (clinicians are as diverse as the NHS workforce). */
export const STAFF_HERITAGE: readonly NameHeritage[] = ['british', 'british', 'british', 'indian', 'pakistani', 'african', 'irish', 'chinese', 'europeanOther', 'caribbean', 'otherAsian'];
